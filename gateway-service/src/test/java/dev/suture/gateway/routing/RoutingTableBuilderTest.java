package dev.suture.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.suture.gateway.breaker.BreakerEvents;
import dev.suture.gateway.credentials.CredentialSettings;
import dev.suture.gateway.credentials.TokenSources;
import dev.suture.gateway.harness.MutableClock;
import dev.suture.gateway.harness.TestSettings;
import dev.suture.gateway.signal.EarlyReport;
import dev.suture.gateway.signal.InstanceRecorder;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.route.UpstreamSpec;
import dev.suture.model.signal.Outcome;
import dev.suture.model.snapshot.ConfigSnapshot;
import dev.suture.model.snapshot.HealingOverlay;
import dev.suture.model.snapshot.InstanceEjection;
import dev.suture.model.snapshot.InstanceProbation;
import dev.suture.model.snapshot.RouteFailover;
import dev.suture.model.snapshot.RouteRateLimit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;

/** Building routing tables from snapshots, with time held still by a hand-moved clock. */
class RoutingTableBuilderTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final RoutingTableBuilder builder = new RoutingTableBuilder(
            TestSettings.withMaxRoutes(10),
            clock,
            EarlyReport.NEVER,
            new BreakerEvents(new SimpleMeterRegistry()),
            TokenSources.create(
                    CredentialSettings.defaults(), name -> null, Clock.systemUTC(), new SimpleMeterRegistry()));

    @Test
    void moreRoutesThanTheLocalLimitAreRefusedWithTheLimitAndTheSetting() {
        ConfigSnapshot snapshot = snapshot(
                1, HealingOverlay.EMPTY, route("a", "/a"), route("b", "/b"), route("c", "/c"), route("d", "/d"));

        RoutingTableBuilder limited = new RoutingTableBuilder(
                TestSettings.withMaxRoutes(3),
                clock,
                EarlyReport.NEVER,
                new BreakerEvents(new SimpleMeterRegistry()),
                TokenSources.create(
                        CredentialSettings.defaults(), name -> null, Clock.systemUTC(), new SimpleMeterRegistry()));

        assertThatExceptionOfType(UnroutableSnapshotException.class)
                .isThrownBy(() -> limited.build(snapshot, RoutingTable.EMPTY))
                .withMessage("snapshot has 4 routes, more than this gateway's limit of 3 (suture.gateway.max-routes)");
    }

    @Test
    void routesCarryThePlaceholderUriAndConnectTimeoutWhileThePoolOwnsTheResponseDeadline()
            throws UnroutableSnapshotException {
        RouteSpec timed = new RouteSpec(
                "timed", "/timed/**", null, null, List.of(UpstreamSpec.of("http://a:1")), null, 250, 1500, null);

        RoutingTable table = builder.build(snapshot(1, HealingOverlay.EMPTY, timed), RoutingTable.EMPTY);
        Route route = table.routes().get(0);

        assertThat(route.getUri()).hasToString("suture://timed");
        assertThat(route.getMetadata())
                .as("Spring Cloud Gateway connects within the route's timeout but sets no response timeout of its own")
                .containsEntry(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, 250)
                .containsEntry(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, -1L);
        assertThat(table.pool("timed").deadlineNanos()).isEqualTo(1_500_000_000L);
    }

    @Test
    void routesAreOrderedHostFirstThenByPathSpecificityNotByDeclaration() throws UnroutableSnapshotException {
        ConfigSnapshot snapshot = snapshot(
                1,
                HealingOverlay.EMPTY,
                route("catch-all", "/**"),
                route("orders", "/orders/**"),
                route("order", "/orders/{id}"),
                new RouteSpec("hosted", "/**", "api.example.com", null, pool("http://h"), null, null, null, null));

        List<String> order = builder.build(snapshot, RoutingTable.EMPTY).routes().stream()
                .map(Route::getId)
                .toList();

        assertThat(order).containsExactly("hosted", "order", "orders", "catch-all");
    }

    @Test
    void anUnchangedRouteShapeKeepsTheRouteObjectsSoNoRefreshIsNeeded() throws UnroutableSnapshotException {
        RoutingTable first = builder.build(snapshot(1, HealingOverlay.EMPTY, route("a", "/a")), RoutingTable.EMPTY);
        RouteSpec samePathNewPool = RouteSpec.of("a", "/a", pool("http://elsewhere"));

        RoutingTable second = builder.build(snapshot(2, ejecting("a", "http://elsewhere"), samePathNewPool), first);

        assertThat(second.routesGeneration()).isEqualTo(first.routesGeneration());
        assertThat(second.routes()).isSameAs(first.routes());
    }

    @Test
    void aChangedRouteShapeStartsANewGeneration() throws UnroutableSnapshotException {
        RoutingTable first = builder.build(snapshot(1, HealingOverlay.EMPTY, route("a", "/a")), RoutingTable.EMPTY);

        RoutingTable second = builder.build(snapshot(2, HealingOverlay.EMPTY, route("a", "/a/**")), first);

        assertThat(second.routesGeneration()).isEqualTo(first.routesGeneration() + 1);
    }

    @Test
    void aRemovedRouteKeepsItsPoolForOneMoreTableOnly() throws UnroutableSnapshotException {
        RoutingTable first = builder.build(
                snapshot(1, HealingOverlay.EMPTY, route("kept", "/k"), route("gone", "/g")), RoutingTable.EMPTY);

        RoutingTable second = builder.build(snapshot(2, HealingOverlay.EMPTY, route("kept", "/k")), first);
        RoutingTable third = builder.build(snapshot(3, HealingOverlay.EMPTY, route("kept", "/k")), second);

        assertThat(second.routeCount()).isEqualTo(1);
        assertThat(second.pool("gone"))
                .as("retired, for requests matched just before the refresh")
                .isNotNull();
        assertThat(third.pool("gone")).isNull();
    }

    @Test
    void anEjectionMatchesItsInstanceEvenWithATrailingSlash() throws UnroutableSnapshotException {
        RoutingTable table = builder.build(
                snapshot(
                        1,
                        ejecting("a", "http://one:1/"),
                        RouteSpec.of("a", "/a", pool("http://one:1", "http://two:2"))),
                RoutingTable.EMPTY);

        assertThat(table.ejections()).isEqualTo(1);
        assertThat(table.pool("a").next(clock.millis()).url()).isEqualTo("http://two:2");
    }

    @Test
    void ejectionsAndFailoversOfUnknownRoutesAreIgnored() throws UnroutableSnapshotException {
        HealingOverlay overlay = new HealingOverlay(
                List.of(new InstanceEjection("ghost", "http://one:1", NOW.plusSeconds(60), "")),
                List.of(new RouteFailover("ghost", "")));

        RoutingTable table = builder.build(snapshot(1, overlay, route("a", "/a")), RoutingTable.EMPTY);

        assertThat(table.ejections()).isZero();
        assertThat(table.failovers()).isZero();
    }

    @Test
    void anEjectedInstanceReturnsByItselfOnceItsTimeHasPassed() throws UnroutableSnapshotException {
        RoutingTable table = builder.build(
                snapshot(
                        1,
                        ejecting("a", "http://one:1"),
                        RouteSpec.of("a", "/a", pool("http://one:1", "http://two:2"))),
                RoutingTable.EMPTY);
        RoutePool pool = table.pool("a");

        assertThat(urls(pool, 4)).containsOnly("http://two:2");
        clock.advance(Duration.ofSeconds(60));

        assertThat(urls(pool, 4))
                .containsExactlyInAnyOrder("http://one:1", "http://two:2", "http://one:1", "http://two:2");
        assertThat(pool.ejectedAt(clock.millis())).isZero();
    }

    @Test
    void aRouteWithEveryInstanceEjectedAndNoFallbackHasNoInstanceToOffer() throws UnroutableSnapshotException {
        RoutingTable table = builder.build(
                snapshot(1, ejecting("a", "http://one:1"), RouteSpec.of("a", "/a", pool("http://one:1"))),
                RoutingTable.EMPTY);

        assertThat(table.pool("a").next(clock.millis())).isNull();
    }

    @Test
    void aFailedOverRouteFallsBackToItsPrimaryPoolWhenTheWholeFallbackPoolIsEjected()
            throws UnroutableSnapshotException {
        RouteSpec route =
                new RouteSpec("a", "/a", null, null, pool("http://primary"), pool("http://fallback"), null, null, null);
        HealingOverlay overlay = new HealingOverlay(
                List.of(new InstanceEjection("a", "http://fallback", NOW.plusSeconds(30), "")),
                List.of(new RouteFailover("a", "")));

        RoutePool pool =
                builder.build(snapshot(1, overlay, route), RoutingTable.EMPTY).pool("a");

        assertThat(pool.next(clock.millis()).url()).isEqualTo("http://primary");
        clock.advance(Duration.ofSeconds(30));
        assertThat(pool.next(clock.millis()).url()).isEqualTo("http://fallback");
        assertThat(pool.usingFallback(clock.millis())).isTrue();
    }

    @Test
    void anInstanceOnProbationGetsItsWeightScaledUntilItsProbationEndsByItself() throws UnroutableSnapshotException {
        HealingOverlay overlay = new HealingOverlay(
                List.of(),
                List.of(),
                List.of(new InstanceProbation("a", "http://two:2", 25, NOW.plusSeconds(30))),
                List.of());
        RoutePool pool = builder.build(
                        snapshot(1, overlay, RouteSpec.of("a", "/a", pool("http://one:1", "http://two:2"))),
                        RoutingTable.EMPTY)
                .pool("a");

        assertThat(urls(pool, 10)).filteredOn("http://two:2"::equals).hasSize(2);
        assertThat(pool.onProbationAt(clock.millis())).isEqualTo(1);
        clock.advance(Duration.ofSeconds(30));

        assertThat(urls(pool, 10)).filteredOn("http://two:2"::equals).hasSize(5);
        assertThat(pool.onProbationAt(clock.millis())).isZero();
    }

    @Test
    void aNewTableKeepsTheRecordersOfSurvivingRoutesAndInstancesAndTheirCounts() throws UnroutableSnapshotException {
        RoutingTable first = builder.build(
                snapshot(1, HealingOverlay.EMPTY, RouteSpec.of("a", "/a", pool("http://one:1", "http://two:2"))),
                RoutingTable.EMPTY);
        first.pool("a").next(clock.millis()).recorder().record(Outcome.CONNECTION_REFUSED, 3);

        RoutingTable second = builder.build(
                snapshot(2, HealingOverlay.EMPTY, RouteSpec.of("a", "/a", pool("http://one:1", "http://three:3"))),
                first);

        assertThat(second.pool("a").recorder()).isSameAs(first.pool("a").recorder());
        assertThat(second.pool("a").instanceRecorders())
                .extracting(InstanceRecorder::url)
                .containsExactly("http://one:1", "http://three:3");
        assertThat(second.pool("a").instanceRecorders().get(0))
                .isSameAs(first.pool("a").instanceRecorders().get(0));
        assertThat(second.pool("a").instanceRecorders().get(0).consecutiveConnectionFailures())
                .isEqualTo(1);
    }

    @Test
    void anUnchangedRateLimitKeepsItsBucketAcrossTables() throws UnroutableSnapshotException {
        HealingOverlay limited =
                new HealingOverlay(List.of(), List.of(), List.of(), List.of(new RouteRateLimit("a", 4, 2, 1, "hot")));
        RoutingTable first = builder.build(snapshot(1, limited, route("a", "/a")), RoutingTable.EMPTY);

        RoutingTable same = builder.build(snapshot(2, limited, route("a", "/a")), first);
        RoutingTable lifted = builder.build(snapshot(3, HealingOverlay.EMPTY, route("a", "/a")), same);

        assertThat(same.pool("a").rateLimiter())
                .isNotNull()
                .isSameAs(first.pool("a").rateLimiter());
        assertThat(same.rateLimits()).isEqualTo(1);
        assertThat(lifted.pool("a").rateLimiter()).isNull();
    }

    @Test
    void aRequestFindsItsPoolByTheRoutesIndexAndByIdWhenTheRouteObjectIsFromAnOlderTable()
            throws UnroutableSnapshotException {
        RoutingTable first = builder.build(snapshot(1, HealingOverlay.EMPTY, route("b", "/b")), RoutingTable.EMPTY);
        RoutingTable second =
                builder.build(snapshot(2, HealingOverlay.EMPTY, route("a", "/a/specific"), route("b", "/b")), first);

        Route oldB = first.routes().get(0);

        assertThat(second.pool(second.routes().get(0)).routeId()).isEqualTo("a");
        assertThat(second.pool(oldB).routeId()).as("order 0 is route a now").isEqualTo("b");
    }

    private List<String> urls(RoutePool pool, int count) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            urls.add(pool.next(clock.millis()).url());
        }
        return urls;
    }

    private HealingOverlay ejecting(String routeId, String url) {
        return new HealingOverlay(List.of(new InstanceEjection(routeId, url, NOW.plusSeconds(60), "test")), List.of());
    }

    private static ConfigSnapshot snapshot(long version, HealingOverlay overlay, RouteSpec... routes) {
        return new ConfigSnapshot(
                version, NOW, List.of(routes), List.of(HealingPolicySpec.defaults("default")), overlay);
    }

    private static RouteSpec route(String id, String path) {
        return RouteSpec.of(id, path, pool("http://" + id + ":80"));
    }

    private static List<UpstreamSpec> pool(String... urls) {
        return Arrays.stream(urls).map(UpstreamSpec::of).toList();
    }
}
