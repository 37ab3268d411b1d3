package dev.suture.gateway.signal;

import static dev.suture.model.signal.Outcome.CONNECTION_REFUSED;
import static dev.suture.model.signal.Outcome.CONNECTION_RESET;
import static dev.suture.model.signal.Outcome.CONNECT_TIMEOUT;
import static dev.suture.model.signal.Outcome.MALFORMED_RESPONSE;
import static dev.suture.model.signal.Outcome.OK;
import static dev.suture.model.signal.Outcome.RESPONSE_TIMEOUT;
import static dev.suture.model.signal.Outcome.SERVER_ERROR;
import static dev.suture.model.signal.Outcome.UNAUTHORIZED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.suture.gateway.harness.FakeControlService;
import dev.suture.gateway.harness.FakeUpstream;
import dev.suture.gateway.harness.RawUpstream;
import dev.suture.gateway.harness.RunningGateway;
import dev.suture.gateway.harness.Snapshots;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.route.UpstreamSpec;
import dev.suture.model.signal.InstanceSignals;
import dev.suture.model.signal.LatencyBuckets;
import dev.suture.model.signal.Outcome;
import dev.suture.model.signal.RouteSignals;
import dev.suture.model.signal.SignalReport;
import dev.suture.model.snapshot.ConfigSnapshot;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway proxying to real upstreams that succeed, fail and misbehave, reporting every 200ms to a fake control
 * service. Each test uses its own routes and reads only their signals from the reports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalReportingTest {

    private static final Duration WINDOW = Duration.ofMillis(200);

    private final AtomicLong versions = new AtomicLong();

    private FakeControlService control;
    private RunningGateway gateway;
    private FakeUpstream alpha;
    private RawUpstream failing;
    private RawUpstream unauthorized;
    private RawUpstream resetting;
    private RawUpstream malformed;
    private RawUpstream slow;
    private String refusing;

    @BeforeAll
    void start(@TempDir Path dataDir) throws IOException {
        control = FakeControlService.start();
        alpha = FakeUpstream.start("alpha");
        failing = RawUpstream.status(500);
        unauthorized = RawUpstream.status(401);
        resetting = RawUpstream.resetting();
        malformed = RawUpstream.malformed();
        slow = RawUpstream.slow(Duration.ofSeconds(3));
        refusing = RawUpstream.refusing();
        gateway = RunningGateway.start(
                control.url(),
                "signals-test",
                dataDir.resolve("snapshot.json"),
                "suture.gateway.report-interval=" + WINDOW.toMillis() + "ms");
    }

    @AfterAll
    void stop() throws IOException {
        gateway.close();
        control.close();
        alpha.close();
        failing.close();
        unauthorized.close();
        resetting.close();
        malformed.close();
        slow.close();
    }

    @Test
    void everyAttemptIsReportedUnderItsRouteAndInstanceWithItsOutcome() {
        apply(next().route(Snapshots.route("mixed", "/mixed/**", 2_000, alpha.url(), failing.url()))
                .route(Snapshots.route("auth", "/auth/**", 2_000, unauthorized.url()))
                .route(Snapshots.route("refused", "/refused/**", 2_000, refusing))
                .route(Snapshots.route("reset", "/reset/**", 2_000, resetting.url()))
                .route(Snapshots.route("garbage", "/garbage/**", 2_000, malformed.url()))
                .route(Snapshots.route("timeout", "/timeout/**", 300, slow.url())));

        List<Integer> mixed = statuses("/mixed/1", 6);
        List<Integer> auth = statuses("/auth/1", 2);
        List<Integer> refused = statuses("/refused/1", 3);
        List<Integer> reset = List.of(statusOrCutOff("/reset/1"), statusOrCutOff("/reset/1"));
        List<Integer> garbage = statuses("/garbage/1", 2);
        List<Integer> timedOut = statuses("/timeout/1", 2);

        assertThat(mixed).containsExactly(200, 500, 200, 500, 200, 500);
        assertThat(auth).containsOnly(401);
        assertThat(refused).as("refused connections answer 502").containsOnly(502);
        assertThat(garbage).as("bytes that are not HTTP answer 502").containsOnly(502);
        assertThat(timedOut).containsOnly(504);
        assertThat(reset)
                .as("a body cut off after the status went out cannot be answered")
                .hasSize(2);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(outcomes("mixed", alpha.url())).isEqualTo(Map.of(OK, 3L));
            assertThat(outcomes("mixed", failing.url())).isEqualTo(Map.of(SERVER_ERROR, 3L));
            assertThat(outcomes("auth", unauthorized.url())).isEqualTo(Map.of(UNAUTHORIZED, 2L));
            assertThat(outcomes("refused", refusing)).isEqualTo(Map.of(CONNECTION_REFUSED, 3L));
            assertThat(outcomes("reset", resetting.url())).isEqualTo(Map.of(CONNECTION_RESET, 2L));
            assertThat(outcomes("garbage", malformed.url())).isEqualTo(Map.of(MALFORMED_RESPONSE, 2L));
            assertThat(outcomes("timeout", slow.url())).isEqualTo(Map.of(RESPONSE_TIMEOUT, 2L));
        });
        assertThat(route("mixed").stream().mapToLong(RouteSignals::requests).sum())
                .isEqualTo(6);
    }

    @Test
    void connectionFailuresInARowAreCountedAcrossWindowsAndEndWithAResponse() throws IOException {
        String gone = RawUpstream.refusing();
        apply(next().route(Snapshots.route("streak", "/streak/**", 2_000, gone)));

        statuses("/streak/1", 2);
        sleep(WINDOW.multipliedBy(2));
        statuses("/streak/1", 2);

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(latest("streak", gone).consecutiveConnectionFailures())
                        .isEqualTo(4));

        apply(next().route(Snapshots.route("streak", "/streak/**", 2_000, gone, alpha.url())));
        statuses("/streak/1", 2);

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() ->
                        assertThat(latest("streak", alpha.url()).count(OK)).isPositive());
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(outcomes("streak", gone)).containsEntry(CONNECTION_REFUSED, 5L));
        assertThat(latest("streak", gone).consecutiveConnectionFailures())
                .as("the instance survived the new snapshot, so its streak went on")
                .isEqualTo(5);
    }

    @Test
    void anInstanceThatDoesNotCompleteTheConnectionWithinTheConnectTimeoutCountsAsAConnectTimeout() throws IOException {
        try (RawUpstream.Unresponsive unresponsive = RawUpstream.unresponsive()) {
            String url = unresponsive.url();
            apply(next().route(new RouteSpec(
                    "stalled", "/stalled/**", null, null, List.of(UpstreamSpec.of(url)), null, 300, 2_000, null)));

            List<Integer> statuses = statuses("/stalled/1", 2);

            assertThat(statuses).containsOnly(504);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(outcomes("stalled", url)).isEqualTo(Map.of(CONNECT_TIMEOUT, 2L)));
            assertThat(latest("stalled", url).consecutiveConnectionFailures()).isEqualTo(2);
        }
    }

    @Test
    void latenciesLandInTheBucketsOfTheirDuration() {
        apply(next().route(Snapshots.route("fast", "/fast/**", 2_000, alpha.url()))
                .route(Snapshots.route("slowish", "/slowish/**", 300, slow.url())));

        statuses("/fast/1", 5);
        statuses("/slowish/1", 1);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(bucketTotals("fast", alpha.url())).as("fast attempts").isEqualTo(5);
            assertThat(bucketTotals("slowish", slow.url()))
                    .as("timed out attempt")
                    .isEqualTo(1);
        });
        assertThat(LatencyBuckets.percentileMs(buckets("fast", alpha.url()), 100))
                .as("a local upstream answers well within 300ms")
                .isLessThanOrEqualTo(300);
        assertThat(LatencyBuckets.percentileMs(buckets("slowish", slow.url()), 100))
                .as("the attempt lasted the 300ms response timeout")
                .isBetween(300L, 1_000L);
    }

    @Test
    void reportSequencesStartAtOneAndGrowByOnePerWindow() {
        await().atMost(Duration.ofSeconds(5)).until(() -> control.reports().size() >= 5);

        List<Long> sequences =
                control.reports().stream().map(SignalReport::sequence).toList();

        assertThat(sequences.get(0)).isEqualTo(1);
        for (int i = 1; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).isEqualTo(sequences.get(i - 1) + 1);
        }
        SignalReport last = control.reports().get(control.reports().size() - 1);
        assertThat(last.gatewayId()).isEqualTo("signals-test");
        assertThat(last.windowMillis()).isBetween(150, 400);
        assertThat(last.droppedWindows()).isZero();
    }

    @Test
    void onlyRoutesWithTrafficInAWindowAreReported() {
        apply(next().route(Snapshots.route("busy", "/busy/**", 2_000, alpha.url()))
                .route(Snapshots.route("idle", "/idle/**", 2_000, alpha.url())));

        statuses("/busy/1", 3);

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(outcomes("busy", alpha.url())).isEqualTo(Map.of(OK, 3L)));
        assertThat(route("idle")).isEmpty();
    }

    @Test
    void aRateLimitedRouteAnswers429WithRetryAfterAndAdmitsAboutItsRate() throws InterruptedException {
        // 10 requests per second for the fleet over two gateways: 5 per second here, a burst of 5.
        apply(next().route(Snapshots.route("limited", "/limited/**", 2_000, alpha.url()))
                .rateLimit("limited", 10, 2, 7));

        List<Integer> burst = statuses("/limited/1", 8);
        HttpResponse<String> refused = gateway.get("/limited/1");
        long admittedInTwoSeconds = admittedWhileHammering("/limited/1", Duration.ofSeconds(2));

        assertThat(burst.subList(0, 5)).as("the bucket starts full").containsOnly(200);
        assertThat(burst.subList(5, 8))
                .as("refilled at 5 per second, slower than we ask")
                .contains(429);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("route limited is limited to 5.0 requests per second");
        assertThat(admittedInTwoSeconds).as("5 per second over 2 seconds").isBetween(7L, 13L);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            long limited = route("limited").stream()
                    .mapToLong(RouteSignals::rateLimited)
                    .sum();
            long requests =
                    route("limited").stream().mapToLong(RouteSignals::requests).sum();
            assertThat(limited + outcomes("limited", alpha.url()).get(OK)).isEqualTo(requests);
            assertThat(limited).isGreaterThanOrEqualTo(4);
        });
    }

    @Test
    void anInstanceOnProbationGetsItsShareOfTrafficScaledUntilTheProbationEnds() {
        try (FakeUpstream steady = FakeUpstream.start("steady");
                FakeUpstream recovering = FakeUpstream.start("recovering")) {
            apply(next().route("probation", "/probation/**", steady, recovering)
                    .probation("probation", recovering.url(), 25, Instant.now().plusSeconds(60)));

            List<String> during = gateway.bodies("/probation/1", 100);

            long recoveringShare = during.stream().filter("recovering"::equals).count();
            long steadyShare = during.stream().filter("steady"::equals).count();
            assertThat((double) recoveringShare / steadyShare)
                    .as("a quarter of the steady instance's traffic instead of an equal share")
                    .isBetween(0.20, 0.30);

            Instant until = Instant.now().plusMillis(1500);
            apply(next().route("probation", "/probation/**", steady, recovering)
                    .probation("probation", recovering.url(), 25, until));
            await().atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
                List<String> after = gateway.bodies("/probation/1", 20);
                assertThat(after.stream().filter("recovering"::equals).count()).isEqualTo(10);
            });
            assertThat(Instant.now())
                    .as("full share only once the probation ended")
                    .isAfter(until);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long admittedWhileHammering(String path, Duration duration) throws InterruptedException {
        AtomicLong admitted = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread client = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    if (gateway.get(path).statusCode() == 200) {
                        admitted.incrementAndGet();
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
        return admitted.get();
    }

    /** The status, or -1 when the gateway closed the connection before the response was complete. */
    private int statusOrCutOff(String path) {
        try {
            return gateway.get(path).statusCode();
        } catch (IllegalStateException e) {
            return -1;
        }
    }

    private List<Integer> statuses(String path, int count) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(gateway.get(path).statusCode());
        }
        return statuses;
    }

    /** Every report's signals of {@code routeId}, oldest first. */
    private List<RouteSignals> route(String routeId) {
        return control.reports().stream()
                .flatMap(report -> report.routes().stream())
                .filter(route -> route.routeId().equals(routeId))
                .toList();
    }

    private List<InstanceSignals> instance(String routeId, String url) {
        return route(routeId).stream()
                .flatMap(route -> route.instances().stream())
                .filter(instance -> instance.url().equals(url))
                .toList();
    }

    private Map<Outcome, Long> outcomes(String routeId, String url) {
        Map<Outcome, Long> sums = new EnumMap<>(Outcome.class);
        for (InstanceSignals signals : instance(routeId, url)) {
            signals.outcomes().forEach((outcome, count) -> sums.merge(outcome, count, Long::sum));
        }
        return sums;
    }

    private InstanceSignals latest(String routeId, String url) {
        List<InstanceSignals> all = instance(routeId, url);
        assertThat(all).as("signals of %s on %s", url, routeId).isNotEmpty();
        return all.get(all.size() - 1);
    }

    private long[] buckets(String routeId, String url) {
        long[] sums = new long[LatencyBuckets.COUNT];
        for (InstanceSignals signals : instance(routeId, url)) {
            long[] buckets = signals.latencyBuckets();
            for (int i = 0; i < sums.length; i++) {
                sums[i] += buckets[i];
            }
        }
        return sums;
    }

    private long bucketTotals(String routeId, String url) {
        long total = 0;
        for (long count : buckets(routeId, url)) {
            total += count;
        }
        return total;
    }

    private Snapshots next() {
        return Snapshots.version(versions.incrementAndGet());
    }

    private void apply(Snapshots snapshot) {
        ConfigSnapshot built = snapshot.build();
        control.publish(built);
        assertThat(control.awaitAck(built.version()).applied())
                .as("gateway applied version %d", built.version())
                .isTrue();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
