package dev.suture.gateway.retry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.suture.gateway.harness.FakeControlService;
import dev.suture.gateway.harness.RawUpstream;
import dev.suture.gateway.harness.RunningGateway;
import dev.suture.gateway.harness.Snapshots;
import dev.suture.gateway.harness.WireMockUpstreams;
import dev.suture.model.policy.CircuitBreakerSpec;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.policy.RetrySpec;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.route.UpstreamSpec;
import dev.suture.model.signal.RouteSignals;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries through a real gateway to real upstreams whose faults WireMock injects: each fault kind gives the client the
 * right outcome, retried on the healthy instance where that is safe and never where it is not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetryEndToEndTest {

    private final AtomicLong versions = new AtomicLong();
    private final WireMockUpstreams upstreams = new WireMockUpstreams();

    private FakeControlService control;
    private RunningGateway gateway;

    @BeforeAll
    void start(@TempDir Path dataDir) throws IOException {
        control = FakeControlService.start();
        gateway = RunningGateway.start(control.url(), "retry-test", dataDir.resolve("snapshot.json"));
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
    void faultsBeforeAnyResponseAreRetriedOnTheHealthyInstanceAndTheClientNeverSeesThem() throws IOException {
        WireMockServer healthy = server(aResponse().withStatus(200).withBody("fine"));
        List<String> faulty = List.of(
                url(server(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))),
                url(server(aResponse().withFault(Fault.EMPTY_RESPONSE))),
                url(server(aResponse().withStatus(503))),
                RawUpstream.refusing());

        for (String fault : faulty) {
            apply(route("retried", fault, url(healthy)), retrying());

            List<HttpResponse<String>> responses = gets("/retried/x", 10);

            assertThat(responses)
                    .as("every request through %s", fault)
                    .allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
            assertThat(responses)
                    .as("half of them went to the faulty instance first and took a second attempt")
                    .filteredOn(response ->
                            response.headers().firstValue("Suture-Attempts").isPresent())
                    .hasSize(5)
                    .allSatisfy(response -> assertThat(response.headers().firstValue("Suture-Attempts"))
                            .hasValue("2"));
        }
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(control.reports().stream()
                                .flatMap(report -> report.routes().stream())
                                .filter(route -> route.routeId().equals("retried"))
                                .mapToLong(RouteSignals::retries)
                                .sum())
                        .as("every retry reaches the control service in the signals")
                        .isEqualTo(4 * 5));
    }

    @Test
    void aResponseThatStartedIsNeverRetriedAndABrokenOneNeverLooksLikeASuccess() {
        WireMockServer healthy = server(aResponse().withStatus(200).withBody("fine"));
        WireMockServer chunk = server(aResponse().withStatus(200).withFault(Fault.MALFORMED_RESPONSE_CHUNK));
        WireMockServer garbage = server(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));

        apply(route("chunk", url(chunk), url(healthy)), retrying());
        List<Integer> chunked = statusesOrCutOff("/chunk/x", 6);
        apply(route("chunk", url(garbage)), retrying());
        List<Integer> garbled = statusesOrCutOff("/chunk/x", 3);

        assertThat(chunked)
                .as("a malformed chunk is a 502 or a cut-off response, never a success, and is not retried")
                .filteredOn(status -> status != 200)
                .hasSize(3)
                .allSatisfy(status -> assertThat(status).isIn(502, -1));
        assertThat(chunk.countRequestsMatching(anyRequestedFor(anyUrl()).build())
                        .getCount())
                .isEqualTo(3);
        assertThat(garbled)
                .as("bytes that are not HTTP are a 502, never a success")
                .containsOnly(502);
    }

    @Test
    void aPostIsRetriedOnlyWithAnIdempotencyKeyAndItsBodyIsSentAgainWhole() {
        WireMockServer healthy = server(aResponse().withStatus(201));
        WireMockServer resetting = server(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        apply(route("orders", url(resetting), url(healthy)), retrying());
        String body = "{\"order\":\"" + "x".repeat(2_000) + "\"}";

        List<Integer> plain = new ArrayList<>();
        List<Integer> keyed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            plain.add(gateway.send("POST", "/orders/new", body, "Content-Type", "application/json")
                    .statusCode());
        }
        for (int i = 0; i < 6; i++) {
            keyed.add(gateway.send(
                            "POST",
                            "/orders/new",
                            body,
                            "Content-Type",
                            "application/json",
                            "Idempotency-Key",
                            "order-" + i)
                    .statusCode());
        }

        assertThat(plain)
                .as("a POST without a key is sent once")
                .containsOnly(201, 502)
                .contains(502);
        assertThat(keyed).as("with a key it is retried").containsOnly(201);
        assertThat(healthy.findAll(anyRequestedFor(anyUrl())))
                .as("every body the healthy instance got is the whole body")
                .allSatisfy(request -> assertThat(request.getBodyAsString()).isEqualTo(body));
    }

    @Test
    void aBodyLargerThanThePolicyKeepsForReplayIsSentOnceAndNotRetried() {
        WireMockServer healthy = server(aResponse().withStatus(201));
        WireMockServer resetting = server(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        apply(
                route("uploads", url(resetting), url(healthy)),
                policy(new RetrySpec(true, 3, 1, 5, null, null, null, null, 1_024), noBreaker()));
        String large = "x".repeat(4_096);
        String small = "x".repeat(512);

        List<Integer> largeStatuses = new ArrayList<>();
        List<Integer> smallStatuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            largeStatuses.add(gateway.send("PUT", "/uploads/" + i, large, "Content-Type", "text/plain")
                    .statusCode());
            smallStatuses.add(gateway.send("PUT", "/uploads/" + i, small, "Content-Type", "text/plain")
                    .statusCode());
        }

        assertThat(largeStatuses)
                .as("4 KiB is over the 1 KiB replay limit: never retried")
                .contains(502);
        assertThat(smallStatuses)
                .as("512 bytes fit: retried on the healthy instance")
                .containsOnly(201);
    }

    @Test
    void retriesNeverTakeARequestPastItsRoutesDeadline() {
        WireMockServer first = server(aResponse().withStatus(503).withFixedDelay(700));
        WireMockServer second = server(aResponse().withStatus(503).withFixedDelay(700));
        apply(
                new RouteSpec(
                        "deadline",
                        "/deadline/**",
                        null,
                        null,
                        List.of(UpstreamSpec.of(url(first)), UpstreamSpec.of(url(second))),
                        List.of(),
                        1_000,
                        1_000,
                        null,
                        null),
                retrying());

        long started = System.nanoTime();
        HttpResponse<String> response = gateway.get("/deadline/x");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("deadline of 1000 ms");
        assertThat(tookMillis)
                .as("two 700 ms attempts would take 1400 ms; the 1000 ms deadline cuts the second short")
                .isLessThan(1_300);
        assertThat(first.getAllServeEvents().size() + second.getAllServeEvents().size())
                .as("the first attempt failed in time for a retry")
                .isEqualTo(2);
    }

    @Test
    void aStatusOutsideThePolicysListIsPassedOnAsItIs() {
        WireMockServer healthy = server(aResponse().withStatus(200));
        WireMockServer failing = server(aResponse().withStatus(500).withBody("boom"));
        apply(route("five-hundred", url(failing), url(healthy)), retrying());

        assertThat(gets("/five-hundred/x", 6))
                .extracting(HttpResponse::statusCode)
                .containsOnly(200, 500)
                .filteredOn(status -> status == 500)
                .hasSize(3);
    }

    @Test
    void theBudgetKeepsUpstreamRequestsNearClientRequestsWhenEveryInstanceFails() {
        WireMockServer first = server(aResponse().withStatus(503));
        WireMockServer second = server(aResponse().withStatus(503));
        apply(
                route("down", url(first), url(second)),
                policy(new RetrySpec(true, 3, 0, 0, 0.2, 1, null, null, null), noBreaker()));
        int clientRequests = 300;

        List<HttpResponse<String>> responses = gets("/down/x", clientRequests);

        long upstreamRequests =
                first.getAllServeEvents().size() + second.getAllServeEvents().size();
        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(503);
        assertThat(upstreamRequests)
                .as("at most 20%% of %d requests plus 1 per second over the 10 s window", clientRequests)
                .isBetween((long) clientRequests, (long) (clientRequests * 1.2) + 10);
    }

    private List<HttpResponse<String>> gets(String path, int count) {
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            responses.add(gateway.get(path));
        }
        return responses;
    }

    /** Statuses, or -1 where the gateway cut the connection off because the upstream's body broke mid-way. */
    private List<Integer> statusesOrCutOff(String path, int count) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                HttpResponse<String> response = gateway.get(path);
                statuses.add(response.statusCode());
            } catch (IllegalStateException e) {
                statuses.add(-1);
            }
        }
        return statuses;
    }

    private WireMockServer server(ResponseDefinitionBuilder response) {
        return upstreams.answering(response);
    }

    private static String url(WireMockServer server) {
        return WireMockUpstreams.url(server);
    }

    private static RouteSpec route(String id, String... urls) {
        List<UpstreamSpec> pool = new ArrayList<>();
        for (String url : urls) {
            pool.add(UpstreamSpec.of(url));
        }
        return new RouteSpec(id, "/" + id + "/**", null, null, pool, List.of(), 1_000, 5_000, null);
    }

    private static HealingPolicySpec retrying() {
        return policy(new RetrySpec(true, 3, 1, 5, null, null, null, null, null), noBreaker());
    }

    private static CircuitBreakerSpec noBreaker() {
        return new CircuitBreakerSpec(false, null, null, null, null, null, null, null, null);
    }

    private static HealingPolicySpec policy(RetrySpec retry, CircuitBreakerSpec breaker) {
        HealingPolicySpec base = Snapshots.singleAttempt();
        return new HealingPolicySpec(
                base.name(),
                "test",
                false,
                base.detection(),
                retry,
                breaker,
                base.ejection(),
                base.trafficShaping(),
                base.restartHook());
    }

    private void apply(RouteSpec route, HealingPolicySpec policy) {
        control.apply(Snapshots.version(versions.incrementAndGet())
                .route(route)
                .policy(policy)
                .build());
    }
}
