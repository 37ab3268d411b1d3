package dev.suture.control.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.suture.control.detection.RootCause;
import dev.suture.model.policy.EjectionSpec;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.snapshot.InstanceEjection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Incidents opened, continued, resolved and escalated from synthetic assessments, with a clock the test moves. */
@IncidentTest
class IncidentLifecycleTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    private final Scenario scenario;
    private final MeterRegistry meters;

    IncidentLifecycleTest(Scenario scenario, MeterRegistry meters) {
        this.scenario = scenario;
        this.meters = meters;
    }

    @Test
    void anOngoingProblemIsOneIncidentEvenWhenItsRootCauseChanges() {
        scenario.route("ongoing", "http://10.1.0.1:80", "http://10.1.0.2:80", "http://10.1.0.3:80");

        scenario.ticks(5, SECOND, "ongoing", scenario.unhealthy("ongoing", RootCause.OVERLOAD, 40));
        scenario.ticks(5, SECOND, "ongoing", scenario.unhealthy("ongoing", RootCause.SERVICE_FAILING, 40));

        IncidentDetail incident = scenario.only("ongoing");
        assertThat(incident.incident().rootCause()).isEqualTo(RootCause.SERVICE_FAILING);
        assertThat(kinds(incident)).containsSubsequence(TimelineKind.DETECTED, TimelineKind.RECLASSIFIED);
        assertThat(incident.timeline())
                .filteredOn(entry -> entry.kind() == TimelineKind.DETECTED)
                .hasSize(1);
    }

    @Test
    void timeToDetectRunsFromTheProblemsOnsetToTheOpening() {
        scenario.route("onset", "http://10.12.0.1:80", "http://10.12.0.2:80", "http://10.12.0.3:80");
        Instant onset = scenario.now().minusMillis(1_200);

        scenario.ticks(
                3,
                SECOND,
                "onset",
                scenario.unhealthySince(onset, "onset", RootCause.INSTANCE_ERRORS, 40, "http://10.12.0.1:80"));

        IncidentDetail incident = scenario.only("onset");
        assertThat(incident.incident().openedAt()).isEqualTo(onset.plusMillis(2_200));
        assertThat(incident.incident().timeToDetectMs())
                .as("from the onset to the first tick, one second after the test began")
                .isEqualTo(2_200);
        assertThat(incident.timeline())
                .filteredOn(entry -> entry.kind() == TimelineKind.DETECTED)
                .singleElement()
                .satisfies(entry -> assertThat(((Number) entry.details().get("timeToDetectMs")).longValue())
                        .isEqualTo(2_200));
    }

    @Test
    void anOnsetAfterTheOpeningOnAGatewaysFastClockIsDetectedAtOnceNotBeforeItBegan() {
        scenario.route("ahead", "http://10.13.0.1:80", "http://10.13.0.2:80", "http://10.13.0.3:80");
        Instant onset = scenario.now().plusSeconds(4);

        scenario.ticks(
                1,
                SECOND,
                "ahead",
                scenario.unhealthySince(onset, "ahead", RootCause.INSTANCE_ERRORS, 40, "http://10.13.0.1:80"));

        assertThat(scenario.only("ahead").incident().timeToDetectMs()).isZero();
    }

    @Test
    void notEnoughDataOpensNothing() {
        scenario.route("quiet", "http://10.2.0.1:80");

        scenario.ticks(5, SECOND, "quiet", scenario.noData("quiet"));

        assertThat(scenario.incidents("quiet")).isEmpty();
    }

    @Test
    void aFailingInstanceIsEjectedAndTheIncidentResolvesAfterTheHoldWithTheOverlayCleared() {
        scenario.route("eject", "http://10.3.0.1:80", "http://10.3.0.2:80", "http://10.3.0.3:80", "http://10.3.0.4:80");

        scenario.ticks(
                1, SECOND, "eject", scenario.unhealthy("eject", RootCause.INSTANCE_ERRORS, 40, "http://10.3.0.1:80"));

        assertThat(scenario.overlay().ejections())
                .filteredOn(ejection -> ejection.routeId().equals("eject"))
                .extracting(InstanceEjection::url)
                .containsExactly("http://10.3.0.1:80");
        assertThat(scenario.only("eject").incident().state()).isEqualTo(IncidentState.MITIGATING);
        await().atMost(Duration.ofSeconds(5))
                .alias("the config version carrying the ejection is named in the timeline")
                .until(() -> kinds(scenario.only("eject")).contains(TimelineKind.CONFIG_PUSHED));
        assertThat(meters.counter("suture.healing.actions", "type", "EJECTION", "dryRun", "false")
                        .count())
                .isPositive();

        scenario.during(Duration.ofSeconds(30), "eject", scenario.healthy("eject", 40));
        assertThat(scenario.overlay().ejections())
                .as("default ejection of 30 s is over")
                .isEmpty();
        assertThat(scenario.overlay().probations()).hasSize(1);
        assertThat(scenario.only("eject").incident().state()).isEqualTo(IncidentState.RECOVERING);

        scenario.during(Duration.ofSeconds(30), "eject", scenario.healthy("eject", 40));

        IncidentDetail resolved = scenario.only("eject");
        assertThat(resolved.incident().state()).isEqualTo(IncidentState.RESOLVED);
        assertThat(resolved.incident().timeToRecoverMs()).isEqualTo(1_000);
        assertThat(resolved.activeActions()).isEmpty();
        assertThat(scenario.overlay().probations())
                .noneMatch(probation -> probation.routeId().equals("eject"));
        assertThat(scenario.tracker().unresolvedByRoute()).doesNotContainKey("eject");
        assertThat(meters.timer("suture.incidents.recovery").count()).isPositive();
        assertThat(kinds(resolved))
                .containsSubsequence(
                        TimelineKind.DETECTED,
                        TimelineKind.ACTION,
                        TimelineKind.STATE_CHANGE,
                        TimelineKind.STATE_CHANGE,
                        TimelineKind.ACTION_ENDED,
                        TimelineKind.ACTION,
                        TimelineKind.ACTION_ENDED,
                        TimelineKind.STATE_CHANGE);
    }

    @Test
    void ejectionStopsAtMaxEjectedPercentAndTheIncidentEscalates() {
        scenario.route("half", "http://10.4.0.1:80", "http://10.4.0.2:80", "http://10.4.0.3:80", "http://10.4.0.4:80");

        scenario.ticks(
                1,
                SECOND,
                "half",
                scenario.unhealthy(
                        "half",
                        RootCause.INSTANCE_SLOW,
                        40,
                        "http://10.4.0.1:80",
                        "http://10.4.0.2:80",
                        "http://10.4.0.3:80"));

        assertThat(scenario.overlay().ejections())
                .filteredOn(ejection -> ejection.routeId().equals("half"))
                .as("50% of four instances is two")
                .hasSize(2);
        IncidentDetail incident = scenario.only("half");
        assertThat(incident.incident().state()).isEqualTo(IncidentState.ESCALATED);
        assertThat(incident.timeline())
                .filteredOn(entry -> entry.kind() == TimelineKind.ACTION_REFUSED)
                .singleElement()
                .satisfies(entry -> assertThat(entry.message()).contains("maxEjectedPercent=50"));
    }

    @Test
    void noInstanceIsEjectedWhenNoHealthyOneWouldBeLeftToTakeItsTraffic() {
        scenario.policy(new HealingPolicySpec(
                "eject-any", null, null, null, null, null, new EjectionSpec(null, null, null, 100), null, null));
        scenario.route("all-slow", "eject-any", List.of("http://10.15.0.1:80", "http://10.15.0.2:80"), List.of());

        scenario.ticks(
                1,
                SECOND,
                "all-slow",
                scenario.unhealthy(
                        "all-slow", RootCause.INSTANCE_SLOW, 40, "http://10.15.0.1:80", "http://10.15.0.2:80"));

        assertThat(scenario.overlay().ejections())
                .as("ejecting one slow instance would send all traffic to the other slow one")
                .noneMatch(ejection -> ejection.routeId().equals("all-slow"));
        IncidentDetail incident = scenario.only("all-slow");
        assertThat(incident.incident().state()).isEqualTo(IncidentState.ESCALATED);
        assertThat(incident.timeline())
                .filteredOn(entry -> entry.kind() == TimelineKind.ACTION_REFUSED)
                .extracting(TimelineEntry::message)
                .first()
                .asString()
                .contains("no healthy instance of 2 would be left");
    }

    @Test
    void anEjectedInstanceDoesNotCountAsHealthyForTheNextEjection() {
        scenario.policy(new HealingPolicySpec(
                "eject-most", null, null, null, null, null, new EjectionSpec(null, null, null, 100), null, null));
        String first = "http://10.16.0.1:80";
        String second = "http://10.16.0.2:80";
        String third = "http://10.16.0.3:80";
        scenario.route("last-healthy", "eject-most", List.of(first, second, third), List.of());
        scenario.ticks(
                1, SECOND, "last-healthy", scenario.unhealthy("last-healthy", RootCause.INSTANCE_DOWN, 40, first));

        scenario.ticks(
                1,
                SECOND,
                "last-healthy",
                scenario.unhealthy("last-healthy", RootCause.INSTANCE_SLOW, 40, second, third));

        assertThat(scenario.overlay().ejections())
                .filteredOn(ejection -> ejection.routeId().equals("last-healthy"))
                .extracting(InstanceEjection::url)
                .as("the first is out; the other two are slow and none of them is healthy")
                .containsExactly(first);
        assertThat(scenario.only("last-healthy").incident().state()).isEqualTo(IncidentState.ESCALATED);
    }

    @Test
    void theLastInstanceIsNeverEjected() {
        HealingPolicySpec all = new HealingPolicySpec(
                "eject-all",
                null,
                null,
                null,
                null,
                null,
                new dev.suture.model.policy.EjectionSpec(null, null, null, 100),
                null,
                null);
        scenario.policy(all);
        scenario.route("single", "eject-all", List.of("http://10.5.0.1:80"), List.of());

        scenario.ticks(
                3, SECOND, "single", scenario.unhealthy("single", RootCause.INSTANCE_DOWN, 40, "http://10.5.0.1:80"));

        assertThat(scenario.overlay().ejections())
                .noneMatch(ejection -> ejection.routeId().equals("single"));
        assertThat(scenario.only("single").incident().state()).isEqualTo(IncidentState.ESCALATED);
    }

    @Test
    void aFlappingInstanceIsOneIncidentWithGrowingEjections() {
        String flappy = "http://10.6.0.1:80";
        scenario.route("flap", flappy, "http://10.6.0.2:80", "http://10.6.0.3:80", "http://10.6.0.4:80");

        scenario.ticks(1, SECOND, "flap", scenario.unhealthy("flap", RootCause.INSTANCE_ERRORS, 40, flappy));
        Duration first = ejectedFor("flap");
        scenario.during(Duration.ofSeconds(31), "flap", scenario.healthy("flap", 40));
        assertThat(scenario.overlay().probations()).anyMatch(p -> p.url().equals(flappy));

        scenario.ticks(1, SECOND, "flap", scenario.unhealthy("flap", RootCause.INSTANCE_ERRORS, 40, flappy));
        Duration second = ejectedFor("flap");
        scenario.during(Duration.ofSeconds(61), "flap", scenario.healthy("flap", 40));
        scenario.ticks(1, SECOND, "flap", scenario.unhealthy("flap", RootCause.INSTANCE_ERRORS, 40, flappy));
        Duration third = ejectedFor("flap");

        assertThat(List.of(first, second, third))
                .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120));
        assertThat(scenario.incidents("flap")).hasSize(1);
        assertThat(scenario.overlay().probations()).noneMatch(p -> p.url().equals(flappy));
    }

    @Test
    void aFlappingInstancesEjectionsStopGrowingAtThePolicysMaximum() {
        scenario.policy(new HealingPolicySpec(
                "short-ejections", null, null, null, null, null, new EjectionSpec(null, 10, 35, null), null, null));
        String flappy = "http://10.14.0.1:80";
        scenario.route(
                "capped",
                "short-ejections",
                List.of(flappy, "http://10.14.0.2:80", "http://10.14.0.3:80", "http://10.14.0.4:80"),
                List.of());

        List<Duration> ejections = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            scenario.ticks(1, SECOND, "capped", scenario.unhealthy("capped", RootCause.INSTANCE_ERRORS, 40, flappy));
            Duration ejectedFor = ejectedFor("capped");
            ejections.add(ejectedFor);
            scenario.during(ejectedFor.plusSeconds(1), "capped", scenario.healthy("capped", 40));
            assertThat(scenario.overlay().probations())
                    .as("back on probation after ejection %d", i + 1)
                    .anyMatch(p -> p.url().equals(flappy));
        }

        assertThat(ejections)
                .as("10 s doubling each time, capped at maxEjectionSeconds=35")
                .containsExactly(
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(35),
                        Duration.ofSeconds(35),
                        Duration.ofSeconds(35));
        assertThat(scenario.incidents("capped")).hasSize(1);
        assertThat(scenario.only("capped").timeline())
                .filteredOn(entry -> entry.kind() == TimelineKind.ACTION)
                .extracting(TimelineEntry::message)
                .anyMatch(message -> message.contains("ejected for 35s (ejection 5 within memory)"));
    }

    @Test
    void aFailingServiceFailsOverAndProbesItsPrimaryPoolBeforeResolving() {
        scenario.route("primary", "default", List.of("http://10.7.0.1:80"), List.of("http://10.7.9.1:80"));

        scenario.ticks(2, SECOND, "primary", scenario.unhealthy("primary", RootCause.SERVICE_FAILING, 40));
        assertThat(failovers("primary")).isEqualTo(1);

        scenario.during(Duration.ofSeconds(31), "primary", scenario.healthy("primary", 40));
        assertThat(failovers("primary"))
                .as("lifted after the hold to probe the primary")
                .isZero();
        assertThat(scenario.only("primary").incident().state()).isEqualTo(IncidentState.RECOVERING);

        scenario.ticks(1, SECOND, "primary", scenario.unhealthy("primary", RootCause.SERVICE_FAILING, 40));
        assertThat(failovers("primary"))
                .as("primary still failing: back to the fallback")
                .isEqualTo(1);

        scenario.during(Duration.ofSeconds(61), "primary", scenario.healthy("primary", 40));
        assertThat(failovers("primary")).isZero();
        assertThat(scenario.only("primary").incident().state()).isEqualTo(IncidentState.RESOLVED);
    }

    @Test
    void anOverloadedRouteIsRateLimitedAndRampedBackToItsHealthyRate() {
        scenario.route("busy", "http://10.8.0.1:80", "http://10.8.0.2:80");
        scenario.ticks(3, SECOND, "busy", scenario.healthy("busy", 100));

        scenario.ticks(2, SECOND, "busy", scenario.unhealthy("busy", RootCause.OVERLOAD, 300));
        assertThat(cap("busy")).isEqualTo(20.0);

        scenario.during(Duration.ofSeconds(10), "busy", scenario.healthy("busy", 20));
        assertThat(cap("busy")).isEqualTo(30.0);
        scenario.during(Duration.ofSeconds(10), "busy", scenario.healthy("busy", 30));
        assertThat(cap("busy")).isEqualTo(45.0);
        scenario.during(Duration.ofSeconds(10), "busy", scenario.healthy("busy", 45));
        assertThat(cap("busy")).isEqualTo(67.5);
        scenario.during(Duration.ofSeconds(10), "busy", scenario.healthy("busy", 70));
        assertThat(cap("busy"))
                .as("101 rps is above the healthy 100 rps: lifted")
                .isNull();

        scenario.during(Duration.ofSeconds(2), "busy", scenario.healthy("busy", 100));
        assertThat(scenario.only("busy").incident().state()).isEqualTo(IncidentState.RESOLVED);
    }

    @Test
    void aFailingRouteWithNoRateKnownIsNotCappedAtAGuess() {
        scenario.route("brand-new", "http://10.8.1.1:80", "http://10.8.1.2:80");

        scenario.ticks(2, SECOND, "brand-new", scenario.unhealthy("brand-new", RootCause.SERVICE_FAILING, 0));

        assertThat(cap("brand-new"))
                .as("no healthy rate and no current rate: nothing to take a share of")
                .isNull();
        assertThat(scenario.only("brand-new").timeline())
                .filteredOn(entry -> entry.kind() == TimelineKind.ACTION_REFUSED)
                .extracting(TimelineEntry::message)
                .first()
                .asString()
                .contains("no request rate of the route is known yet");
    }

    @Test
    void aDryRunRecordsWhatItWouldDoAndAppliesNothing() {
        scenario.policy(new HealingPolicySpec("dry", null, true, null, null, null, null, null, null));
        scenario.route(
                "rehearsal", "dry", List.of("http://10.9.0.1:80", "http://10.9.0.2:80"), List.of("http://10.9.9.1:80"));

        scenario.ticks(3, SECOND, "rehearsal", scenario.unhealthy("rehearsal", RootCause.SERVICE_FAILING, 40));

        IncidentDetail incident = scenario.only("rehearsal");
        assertThat(incident.incident().dryRun()).isTrue();
        assertThat(scenario.overlay().failovers()).noneMatch(f -> f.routeId().equals("rehearsal"));
        assertThat(incident.timeline())
                .filteredOn(entry -> entry.kind() == TimelineKind.ACTION)
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.dryRun()).isTrue();
                    assertThat(entry.message()).startsWith("would fail over");
                });
    }

    @Test
    void aRouteStillUnhealthyAfterTheBoundEscalates() {
        scenario.route(
                "stubborn", "http://10.10.0.1:80", "http://10.10.0.2:80", "http://10.10.0.3:80", "http://10.10.0.4:80");

        scenario.during(
                Duration.ofSeconds(301),
                "stubborn",
                scenario.unhealthy("stubborn", RootCause.INSTANCE_SLOW, 40, "http://10.10.0.1:80"));

        IncidentDetail stubborn = scenario.only("stubborn");
        assertThat(stubborn.incident().state()).as(stubborn.toString()).isEqualTo(IncidentState.ESCALATED);
    }

    @Test
    void unresolvedIncidentsAreContinuedAfterAReload() {
        scenario.route("restart", "http://10.11.0.1:80", "http://10.11.0.2:80", "http://10.11.0.3:80");
        scenario.ticks(
                1,
                SECOND,
                "restart",
                scenario.unhealthy("restart", RootCause.INSTANCE_DOWN, 40, "http://10.11.0.1:80"));
        long id = scenario.only("restart").incident().id();

        scenario.tracker().reload();
        scenario.ticks(
                2,
                SECOND,
                "restart",
                scenario.unhealthy("restart", RootCause.INSTANCE_DOWN, 40, "http://10.11.0.1:80"));

        assertThat(scenario.tracker().unresolvedByRoute().get("restart").id()).isEqualTo(id);
        assertThat(scenario.incidents("restart")).hasSize(1);
        assertThat(scenario.overlay().ejections()).anyMatch(e -> e.url().equals("http://10.11.0.1:80"));
    }

    private Duration ejectedFor(String route) {
        IncidentDetail incident = scenario.only(route);
        return incident.activeActions().stream()
                .filter(action -> action.type() == dev.suture.control.healing.ActionType.EJECTION)
                .map(action -> Duration.between(action.startedAt(), action.until()))
                .findFirst()
                .orElseThrow();
    }

    private long failovers(String route) {
        return scenario.overlay().failovers().stream()
                .filter(f -> f.routeId().equals(route))
                .count();
    }

    private Double cap(String route) {
        return scenario.overlay().rateLimits().stream()
                .filter(limit -> limit.routeId().equals(route))
                .map(limit -> limit.fleetRequestsPerSecond())
                .findFirst()
                .orElse(null);
    }

    private static List<TimelineKind> kinds(IncidentDetail incident) {
        return incident.timeline().stream().map(TimelineEntry::kind).toList();
    }
}
