package dev.suture.gateway.routing;

import static dev.suture.gateway.harness.Snapshots.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.suture.gateway.harness.FakeControlService;
import dev.suture.gateway.harness.FakeUpstream;
import dev.suture.gateway.harness.RawUpstream;
import dev.suture.gateway.harness.RunningGateway;
import dev.suture.gateway.harness.Snapshots;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.snapshot.ConfigSnapshot;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One gateway, fed by a fake control service, routing to real upstream servers. Each test pushes its own snapshot
 * (versions only grow) and waits for the gateway's ack, which means the gateway already routes by it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutingEndToEndTest {

    private final AtomicLong versions = new AtomicLong();

    private FakeControlService control;
    private RunningGateway gateway;
    private FakeUpstream alpha;
    private FakeUpstream beta;
    private FakeUpstream gamma;

    @BeforeAll
    void start(@TempDir Path dataDir) throws IOException {
        control = FakeControlService.start();
        alpha = FakeUpstream.start("alpha");
        beta = FakeUpstream.start("beta");
        gamma = FakeUpstream.start("gamma");
        gateway = RunningGateway.start(control.url(), "routing-test", dataDir.resolve("snapshot.json"));
    }

    @AfterAll
    void stop() {
        gateway.close();
        control.close();
        alpha.close();
        beta.close();
        gamma.close();
    }

    @Test
    void anAppliedSnapshotSendsTrafficToTheRoutesInstancesInTurn() {
        apply(next().route("orders", "/orders/**", alpha, beta));

        List<String> bodies = gateway.bodies("/orders/1", 6);

        assertThat(bodies).containsExactly("alpha", "beta", "alpha", "beta", "alpha", "beta");
    }

    @Test
    void weightsSplitTrafficInProportionWithoutLongRuns() {
        apply(next().route(Snapshots.route(
                "weighted", "/weighted/**", List.of(weighted(alpha, 3), weighted(beta, 1)), List.of(), null, null)));

        List<String> bodies = gateway.bodies("/weighted/x", 40);

        assertThat(countBodies(bodies)).containsEntry("alpha", 30L).containsEntry("beta", 10L);
        assertThat(String.join(",", bodies))
                .as("smooth: beta never waits more than three turns")
                .doesNotContain("alpha,alpha,alpha,alpha");
    }

    @Test
    void changingARoutesUpstreamsMovesItsTraffic() {
        apply(next().route("moving", "/moving/**", alpha));
        assertThat(gateway.bodies("/moving/1", 3)).containsOnly("alpha");

        apply(next().route("moving", "/moving/**", gamma));

        assertThat(gateway.bodies("/moving/1", 3)).containsOnly("gamma");
    }

    @Test
    void aRemovedRouteAnswers404WhileTheOthersKeepWorking() {
        apply(next().route("kept", "/kept/**", alpha).route("dropped", "/dropped/**", beta));
        assertThat(gateway.get("/dropped/1").body()).isEqualTo("beta");

        apply(next().route("kept", "/kept/**", alpha));

        assertThat(gateway.get("/dropped/1").statusCode()).isEqualTo(404);
        assertThat(gateway.get("/kept/1").body()).isEqualTo("alpha");
    }

    @Test
    void theUpstreamReceivesTheRawPathAndQueryUnchanged() {
        apply(next().route("raw", "/raw/**", gamma));

        HttpResponse<String> response = gateway.get("/raw/a%2Fb/c%20d?q=1%202&name=%C3%A9t%C3%A9&flag");

        assertThat(response.body()).isEqualTo("gamma");
        assertThat(gamma.lastRawUri()).isEqualTo("/raw/a%2Fb/c%20d?q=1%202&name=%C3%A9t%C3%A9&flag");
    }

    @Test
    void methodAndHostNarrowWhichRouteMatches() {
        apply(next().route(
                        Snapshots.route("reads", "/items/**", Snapshots.pool(alpha), List.of(), List.of("GET"), null))
                .route(Snapshots.route(
                        "writes", "/items/**", Snapshots.pool(beta), List.of(), List.of("POST", "PUT"), null))
                .route(new RouteSpec(
                        "local", "/hosted/**", "localhost", null, Snapshots.pool(gamma), null, null, null, null)));

        assertThat(gateway.send("GET", "127.0.0.1", "/items/1").body()).isEqualTo("alpha");
        assertThat(gateway.send("POST", "127.0.0.1", "/items/1").body()).isEqualTo("beta");
        assertThat(gateway.send("DELETE", "127.0.0.1", "/items/1").statusCode()).isEqualTo(404);
        assertThat(gateway.send("GET", "localhost", "/hosted/1").body()).isEqualTo("gamma");
        assertThat(gateway.send("GET", "127.0.0.1", "/hosted/1").statusCode()).isEqualTo(404);
    }

    @Test
    void theMoreSpecificPathWinsWhateverTheDeclarationOrder() {
        apply(next().route("catalog", "/catalog/**", alpha).route("special", "/catalog/special/**", beta));

        assertThat(gateway.get("/catalog/special/1").body()).isEqualTo("beta");
        assertThat(gateway.get("/catalog/plain/1").body()).isEqualTo("alpha");
    }

    @Test
    void anEjectedInstanceGetsNoTrafficUntilItsEjectionEnds() {
        Instant until = Instant.now().plusMillis(1500);
        apply(next().route("ejecting", "/ejecting/**", alpha, beta).eject("ejecting", beta, until));

        assertThat(gateway.bodies("/ejecting/1", 6)).containsOnly("alpha");

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(gateway.bodies("/ejecting/1", 4)).contains("alpha", "beta"));
        assertThat(Instant.now())
                .as("beta returned only after its ejection ended")
                .isAfter(until);
    }

    @Test
    void anOverlayOnlyChangeTakesEffectWithoutARouteRefresh() {
        apply(next().route("overlaid", "/overlaid/**", alpha, beta));
        long generation = gateway.bean(SutureRouteLocator.class).servedGeneration();

        apply(next().route("overlaid", "/overlaid/**", alpha, beta)
                .eject("overlaid", alpha, Instant.now().plusSeconds(60)));

        assertThat(gateway.bodies("/overlaid/1", 4)).containsOnly("beta");
        assertThat(gateway.bean(SutureRouteLocator.class).servedGeneration()).isEqualTo(generation);
    }

    @Test
    void aFailedOverRouteUsesItsFallbackPoolUntilTheFailoverIsLifted() {
        RouteSpec route = Snapshots.route(
                "failing", "/failing/**", Snapshots.pool(alpha, beta), Snapshots.pool(gamma), null, null);
        apply(next().route(route).failover("failing"));
        assertThat(gateway.bodies("/failing/1", 4)).containsOnly("gamma");

        apply(next().route(route));

        assertThat(gateway.bodies("/failing/1", 4)).containsOnly("alpha", "beta");
    }

    @Test
    void aRouteWhosePrimaryInstancesAreAllEjectedUsesItsFallbackPool() {
        Instant later = Instant.now().plusSeconds(60);
        apply(next().route(Snapshots.route(
                        "drained", "/drained/**", Snapshots.pool(alpha, beta), Snapshots.pool(gamma), null, null))
                .eject("drained", alpha, later)
                .eject("drained", beta, later));

        assertThat(gateway.bodies("/drained/1", 4)).containsOnly("gamma");
    }

    @Test
    void aRouteWithNoUsableInstanceAnswers503WithAProblemDetail() {
        apply(next().route("stranded", "/stranded/**", alpha)
                .eject("stranded", alpha, Instant.now().plusSeconds(60)));

        HttpResponse<String> response = gateway.get("/stranded/1");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body())
                .contains("\"status\":503")
                .contains("route stranded has no usable upstream instance");
    }

    @Test
    void anUpstreamSlowerThanTheRouteResponseTimeoutGets504WithinTheTimeout() throws IOException {
        try (FakeUpstream slow = FakeUpstream.slow("slow", Duration.ofSeconds(5))) {
            apply(next().route(Snapshots.route("slow", "/slow/**", Snapshots.pool(slow), List.of(), null, 300)));

            long started = System.nanoTime();
            HttpResponse<String> response = gateway.get("/slow/1");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofMillis(2500));
        }
    }

    @Test
    void theDeadlineEndsWhenTheResponseStartsSoASlowBodyIsNotCutOff() throws IOException {
        try (RawUpstream dribbling = RawUpstream.slowBody(Duration.ofMillis(800))) {
            apply(next().route(Snapshots.route("dribble", "/dribble/**", 300, dribbling.url())));

            long started = System.nanoTime();
            HttpResponse<String> response = gateway.get("/dribble/1");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("first-last");
            assertThat(took).as("the body took longer than the deadline").isGreaterThan(Duration.ofMillis(700));
        }
    }

    @Test
    void aRequestThatMayNotBeRetriedStillGets504AtItsDeadline() throws IOException {
        try (RawUpstream slow = RawUpstream.slow(Duration.ofSeconds(5))) {
            apply(next().route(Snapshots.route("post-slow", "/post-slow/**", 300, slow.url())));

            long started = System.nanoTime();
            HttpResponse<String> response =
                    gateway.send("POST", "/post-slow/1", "{}", "Content-Type", "application/json");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(response.body())
                    .contains("route post-slow got no response within its deadline of 300 ms after 1 attempt");
            assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofMillis(2500));
            assertThat(slow.requests())
                    .as("a POST without an Idempotency-Key is sent once")
                    .isEqualTo(1);
        }
    }

    @Test
    void requestsKeepSucceedingWhileSnapshotsChangeRoutesPoolsAndOverlay() throws InterruptedException {
        apply(next().route("flight", "/flight/**", alpha));
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        AtomicBoolean applying = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> {
            while (applying.get()) {
                statuses.add(gateway.get("/flight/x").statusCode());
            }
        });
        traffic.start();

        for (int i = 0; i < 20; i++) {
            boolean even = i % 2 == 0;
            Snapshots snapshot = next().route("flight", even ? "/flight/{leg}" : "/flight/**", even ? beta : alpha);
            if (even) {
                snapshot.route("extra-" + i, "/extra/**", gamma)
                        .eject("flight", alpha, Instant.now().plusSeconds(60));
            }
            apply(snapshot);
        }
        applying.set(false);
        traffic.join();

        assertThat(statuses).hasSizeGreaterThan(20).containsOnly(200);
    }

    @Test
    void anUpstreamRefusingConnectionsAnswers502WithAProblemDetail() throws IOException {
        FakeUpstream gone = FakeUpstream.start("gone");
        gone.close();
        apply(next().route("gone", "/gone/**", gone));

        HttpResponse<String> response = gateway.get("/gone/1");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("route gone could not connect to upstream " + gone.url());
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

    private static Map<String, Long> countBodies(List<String> bodies) {
        return bodies.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
