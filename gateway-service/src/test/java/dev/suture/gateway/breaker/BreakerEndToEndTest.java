package dev.suture.gateway.breaker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.suture.gateway.harness.FakeControlService;
import dev.suture.gateway.harness.RunningGateway;
import dev.suture.gateway.harness.Snapshots;
import dev.suture.gateway.harness.WireMockUpstreams;
import dev.suture.model.policy.CircuitBreakerSpec;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.policy.RetrySpec;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.route.UpstreamSpec;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Per-instance circuit breakers in a real gateway in front of real upstreams that fail and recover on cue. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BreakerEndToEndTest {

    private final AtomicLong versions = new AtomicLong();
    private final WireMockUpstreams upstreams = new WireMockUpstreams();

    private FakeControlService control;
    private RunningGateway gateway;

    @BeforeAll
    void start(@TempDir Path dataDir) throws IOException {
        control = FakeControlService.start();
        gateway = RunningGateway.start(control.url(), "breaker-test", dataDir.resolve("snapshot.json"));
    }

    @AfterEach
    void stopServers() {
        upstreams.close();
    }

    @AfterAll
    void stop() {
        gateway.close();
        control.close();
    }

    @Test
    void aFailingInstancesBreakerOpensThenProbesAndClosesWhenItRecovers() throws InterruptedException {
        WireMockServer failing = server(500);
        WireMockServer healthy = server(200);
        apply(Snapshots.version(versions.incrementAndGet())
                .route(route("flaky", "default", failing, healthy))
                .policy(breaking("default", 4, 500)));

        statuses("/flaky/x", 8);
        int failingBefore = requests(failing);
        List<Integer> whileOpen = statuses("/flaky/x", 10);

        assertThat(failingBefore)
                .as("four failures in four calls open the breaker")
                .isEqualTo(4);
        assertThat(whileOpen)
                .as("an open breaker sends everything to the healthy instance")
                .containsOnly(200);
        assertThat(requests(failing)).isEqualTo(failingBefore);

        failing.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        Thread.sleep(700);
        List<Integer> afterRecovery = statuses("/flaky/x", 12);

        assertThat(afterRecovery).containsOnly(200);
        assertThat(requests(failing) - failingBefore)
                .as("two probes close the breaker, and the instance gets its share again")
                .isGreaterThanOrEqualTo(5);
        assertThat(transitions("flaky", "closed")).isPositive();
        assertThat(transitions("flaky", "half_open")).isPositive();
    }

    @Test
    void whenEveryInstancesBreakerIsOpenTheClientGets503WithRetryAfter() {
        WireMockServer failing = server(500);
        apply(Snapshots.version(versions.incrementAndGet())
                .route(route("alone", "default", failing))
                .policy(breaking("default", 2, 1_500)));

        statuses("/alone/x", 2);
        HttpResponse<String> refused = gateway.get("/alone/x");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("circuit breaker open");
        assertThat(requests(failing)).isEqualTo(2);
    }

    @Test
    void thresholdsPushedAtRuntimeTakeEffectWithoutResettingOtherBreakers() {
        WireMockServer steady = server(500);
        WireMockServer tuned = server(500);
        Snapshots first = Snapshots.version(versions.incrementAndGet())
                .route(route("steady", "steady", steady))
                .route(route("tuned", "tuned", tuned))
                .otherPolicy(breaking("steady", 2, 60_000))
                .otherPolicy(breaking("tuned", 100, 60_000));
        apply(first);
        statuses("/steady/x", 3);
        List<Integer> beforeChange = statuses("/tuned/x", 4);

        apply(Snapshots.version(versions.incrementAndGet())
                .route(route("steady", "steady", steady))
                .route(route("tuned", "tuned", tuned))
                .otherPolicy(breaking("steady", 2, 60_000))
                .otherPolicy(breaking("tuned", 2, 60_000)));
        List<Integer> afterChange = statuses("/tuned/x", 4);
        List<Integer> steadyAfter = statuses("/steady/x", 3);

        assertThat(beforeChange)
                .as("a minimum of 100 calls keeps the breaker closed")
                .containsOnly(500);
        assertThat(afterChange).as("the new minimum of 2 opens it").containsExactly(500, 500, 503, 503);
        assertThat(steadyAfter).as("the untouched route's breaker stayed open").containsOnly(503);
        assertThat(requests(steady)).isEqualTo(2);
    }

    @Test
    void aProbeThatHangsCannotKeepTheBreakerHalfOpen() throws Exception {
        ExecutorService clients = Executors.newCachedThreadPool();
        try (SwitchableUpstream flaky = SwitchableUpstream.start()) {
            WireMockServer healthy = server(200);
            HealingPolicySpec policy = new HealingPolicySpec(
                    "default",
                    "test",
                    false,
                    Snapshots.singleAttempt().detection(),
                    new RetrySpec(false, null, null, null, null, null, null, null, null),
                    new CircuitBreakerSpec(true, 50, null, null, 10, 2, 300, 1, 500),
                    Snapshots.singleAttempt().ejection(),
                    Snapshots.singleAttempt().trafficShaping(),
                    Snapshots.singleAttempt().restartHook());
            apply(Snapshots.version(versions.incrementAndGet())
                    .route(new RouteSpec(
                            "hanging",
                            "/hanging/**",
                            null,
                            null,
                            List.of(
                                    UpstreamSpec.of(flaky.url()),
                                    UpstreamSpec.of("http://127.0.0.1:" + healthy.port())),
                            List.of(),
                            1_000,
                            3_000,
                            null,
                            null))
                    .policy(policy));
            statuses("/hanging/x", 4);
            assertThat(flaky.arrivals()).as("two failures open the breaker").isEqualTo(2);

            flaky.hang();
            Thread.sleep(400);
            CompletableFuture<HttpResponse<String>> firstProbe =
                    CompletableFuture.supplyAsync(() -> gateway.get("/hanging/probe"), clients);
            await().atMost(Duration.ofSeconds(2)).until(() -> flaky.arrivals() == 3);
            List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofMillis(2_000).toNanos();
            while (flaky.arrivals() < 4 && System.nanoTime() < until) {
                more.add(CompletableFuture.supplyAsync(() -> gateway.get("/hanging/x"), clients));
                Thread.sleep(50);
            }
            int arrivedWhileTheFirstHung = flaky.arrivals();
            boolean firstStillHanging = !firstProbe.isDone();

            assertThat(firstStillHanging)
                    .as("the first probe hangs for the route's whole 3 s timeout")
                    .isTrue();
            assertThat(arrivedWhileTheFirstHung)
                    .as("half-open gave up on the hung probe, opened, and later let a second probe through")
                    .isEqualTo(4);
            assertThat(firstProbe.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(504);
            for (CompletableFuture<HttpResponse<String>> request : more) {
                assertThat(request.get(10, TimeUnit.SECONDS).statusCode()).isIn(200, 503, 504);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private int requests(WireMockServer server) {
        return server.getAllServeEvents().size();
    }

    private double transitions(String route, String state) {
        MeterRegistry registry = gateway.bean(MeterRegistry.class);
        var counter = registry.find("suture.gateway.breaker.transitions")
                .tag("route", route)
                .tag("state", state)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private List<Integer> statuses(String path, int count) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(gateway.get(path).statusCode());
        }
        return statuses;
    }

    private WireMockServer server(int status) {
        return upstreams.answering(aResponse().withStatus(status));
    }

    private static RouteSpec route(String id, String policy, WireMockServer... servers) {
        List<UpstreamSpec> pool = new ArrayList<>();
        for (WireMockServer server : servers) {
            pool.add(UpstreamSpec.of(WireMockUpstreams.url(server)));
        }
        return new RouteSpec(id, "/" + id + "/**", null, null, pool, List.of(), 1_000, 5_000, policy);
    }

    /** No retries, so that every request is one call to one breaker; a breaker that opens on half its calls failing. */
    private static HealingPolicySpec breaking(String name, int minimumCalls, int waitInOpenMs) {
        HealingPolicySpec base = Snapshots.singleAttempt();
        return new HealingPolicySpec(
                name,
                "test",
                false,
                base.detection(),
                new RetrySpec(false, null, null, null, null, null, null, null, null),
                new CircuitBreakerSpec(true, 50, null, null, 10, minimumCalls, waitInOpenMs, 2, null),
                base.ejection(),
                base.trafficShaping(),
                base.restartHook());
    }

    private void apply(Snapshots snapshot) {
        control.apply(snapshot.build());
    }

    /** An upstream that answers 500 until told to hang, counting requests as they arrive. */
    private static final class SwitchableUpstream implements AutoCloseable {

        private final HttpServer server;
        private final AtomicInteger arrivals = new AtomicInteger();
        private volatile boolean hanging;

        private SwitchableUpstream(HttpServer server) {
            this.server = server;
        }

        static SwitchableUpstream start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            SwitchableUpstream upstream = new SwitchableUpstream(server);
            server.createContext("/", upstream::handle);
            server.setExecutor(Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "switchable-upstream");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return upstream;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        int arrivals() {
            return arrivals.get();
        }

        void hang() {
            hanging = true;
        }

        private void handle(HttpExchange exchange) throws IOException {
            arrivals.incrementAndGet();
            if (hanging) {
                try {
                    Thread.sleep(20_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(hanging ? 200 : 500, -1);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
