package dev.suture.gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.suture.gateway.harness.FakeControlService;
import dev.suture.gateway.harness.RunningGateway;
import dev.suture.gateway.harness.Snapshots;
import dev.suture.model.route.OAuth2ClientCredentials;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.route.UpstreamCredentials;
import dev.suture.model.route.UpstreamSpec;
import dev.suture.model.signal.CredentialSignals;
import dev.suture.model.signal.Outcome;
import dev.suture.model.signal.RouteSignals;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.apache.catalina.LifecycleException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream credentials through a real gateway, against a real OAuth2 authorization server (Spring Authorization
 * Server) issuing short-lived JWTs and a real upstream that verifies them with the server's keys and refuses them the
 * moment they expire: tokens are added, renewed ahead of expiry, renewed once and replayed after a 401, shared by
 * concurrent requests, and a failing token endpoint or a missing secret becomes a clear 503 without a token request
 * per client request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamCredentialsEndToEndTest {

    /** Set for the test JVM by this module's Surefire configuration. */
    private static final String SECRET_VARIABLE = "SUTURE_TEST_CLIENT_SECRET";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final AtomicLong versions = new AtomicLong();

    private AuthorizationServer authorization;
    private TokenCheckingUpstream upstream;
    private FakeControlService control;
    private RunningGateway gateway;
    private Path dataDir;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException, LifecycleException {
        dataDir = dir;
        authorization = AuthorizationServer.start();
        upstream = TokenCheckingUpstream.trusting(authorization);
        control = FakeControlService.start();
        gateway = RunningGateway.start(
                control.url(),
                "credentials-test",
                dir.resolve("snapshot.json"),
                "suture.credentials.min-backoff=400ms",
                "suture.credentials.max-backoff=1600ms",
                "suture.credentials.token-timeout=2s");
    }

    @AfterEach
    void healthyAgain() {
        authorization.failTokenRequests(false);
        authorization.delayTokenRequests(Duration.ZERO);
    }

    @AfterAll
    void stop() throws LifecycleException {
        gateway.close();
        control.close();
        upstream.close();
        authorization.close();
    }

    @Test
    void theGatewaysTokenReplacesTheClientsAndOneTokenServesManyRequests() {
        authorization.register("added", System.getenv(SECRET_VARIABLE), Duration.ofMinutes(5), "orders.read");
        apply(route("added", fromEnv("added", SECRET_VARIABLE, "orders.read")));

        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(send("/added/items", "Authorization", "Bearer the-clients-own-token"));
        }

        assertThat(responses)
                .allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        assertThat(responses.get(0).body()).startsWith("hello added");
        assertThat(upstream.authorizations())
                .as("the upstream never sees the client's credentials, only a JWT from the authorization server")
                .doesNotContain("Bearer the-clients-own-token")
                .last()
                .asString()
                .startsWith("Bearer ey");
        assertThat(authorization.tokenRequests("added"))
                .as("one token, fetched when the route was applied, serves every request")
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(sum("added", CredentialSignals::refreshes))
                        .as("the refresh is in the route's signals")
                        .isEqualTo(1));
    }

    @Test
    void tokensExpiringMidTrafficAreRenewedAheadAndNoClientRequestFails() {
        Duration lifetime = Duration.ofSeconds(3);
        authorization.register("expiring", System.getenv(SECRET_VARIABLE), lifetime);
        apply(route("expiring", fromEnv("expiring", SECRET_VARIABLE)));
        send("/expiring/warm-up");
        String firstToken =
                upstream.authorizations().get(upstream.authorizations().size() - 1);

        List<Integer> statuses = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (System.nanoTime() < end) {
            statuses.add(send("/expiring/x").statusCode());
            pause(Duration.ofMillis(20));
        }

        assertThat(statuses)
                .as("requests over 8 s of 3 s tokens")
                .hasSizeGreaterThan(100)
                .containsOnly(200);
        assertThat(directly(firstToken))
                .as("the first token really expired during the traffic")
                .isEqualTo(401);
        assertThat(authorization.tokenRequests("expiring"))
                .as("renewed at half of each 3 s lifetime: a few token requests, not one per request")
                .isBetween(4, 12);
    }

    @Test
    void aTokenTheUpstreamRefusesIsRenewedExactlyOnceAndTheRequestReplayed() {
        authorization.register("refused", System.getenv(SECRET_VARIABLE), Duration.ofMinutes(5));
        apply(route("refused", fromEnv("refused", SECRET_VARIABLE)));
        assertThat(send("/refused/warm-up").statusCode()).isEqualTo(200);
        int tokenRequests = authorization.tokenRequests("refused");
        int refusedBefore = upstream.refused();
        double replaysBefore = counter("suture.gateway.credentials.replays");

        upstream.revokeSeenTokens();
        HttpResponse<String> replayed = send("/refused/x");

        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(replayed.headers().firstValue("Suture-Attempts")).hasValue("2");
        assertThat(upstream.refused() - refusedBefore)
                .as("the upstream refused the old token once")
                .isEqualTo(1);
        assertThat(authorization.tokenRequests("refused")).isEqualTo(tokenRequests + 1);
        assertThat(send("/refused/after").statusCode()).isEqualTo(200);
        assertThat(authorization.tokenRequests("refused"))
                .as("the new token is cached")
                .isEqualTo(tokenRequests + 1);
        assertThat(counter("suture.gateway.credentials.replays") - replaysBefore)
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(sum("refused", CredentialSignals::replays))
                        .as("the replay is in the route's signals")
                        .isEqualTo(1));
        assertThat(instanceUnauthorized("refused"))
                .as("the refused attempt is not the instance's outcome: it was replayed")
                .isZero();
    }

    @Test
    void concurrentRequestsRefusedWithTheSameTokenShareOneRenewal() {
        authorization.register("shared", System.getenv(SECRET_VARIABLE), Duration.ofMinutes(5));
        apply(route("shared", fromEnv("shared", SECRET_VARIABLE)));
        assertThat(send("/shared/warm-up").statusCode()).isEqualTo(200);
        int tokenRequests = authorization.tokenRequests("shared");
        authorization.delayTokenRequests(Duration.ofMillis(500));

        upstream.revokeSeenTokens();
        List<HttpResponse<String>> responses = sendAtOnce("/shared/x", 20);

        assertThat(responses)
                .allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        assertThat(authorization.tokenRequests("shared"))
                .as("twenty requests refused with the same token, one token request")
                .isEqualTo(tokenRequests + 1);
    }

    @Test
    void aFailingTokenEndpointAnswers503WithAProblemAndBacksOffInsteadOfAskingPerRequest() {
        authorization.register("failing", System.getenv(SECRET_VARIABLE), Duration.ofMinutes(5));
        authorization.failTokenRequests(true);
        apply(route("failing", fromEnv("failing", SECRET_VARIABLE)));

        List<HttpResponse<String>> responses = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < end) {
            responses.add(send("/failing/x"));
            pause(Duration.ofMillis(15));
        }

        assertThat(responses).hasSizeGreaterThan(30).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(response.body())
                    .contains("route failing has no access token for its upstream")
                    .contains("answered 500: server_error (told to fail)");
        });
        assertThat(authorization.tokenRequests("failing"))
                .as(
                        "backoff from 400 ms doubling to 1600 ms: a handful of token requests in 1.5 s, not %d",
                        responses.size())
                .isBetween(1, 5);

        authorization.failTokenRequests(false);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> send("/failing/x").statusCode() == 200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(sum("failing", CredentialSignals::failedRefreshes)).isPositive();
            assertThat(sum("failing", CredentialSignals::unavailable)).isGreaterThanOrEqualTo(responses.size());
        });
    }

    @Test
    void aSecretIsReadFromAFileAndSentAsTheClientSecretPostFormWhenTheRouteSaysSo() throws IOException {
        Path secretFile = dataDir.resolve("client-secret");
        Files.writeString(secretFile, "file secret \n");
        authorization.register("from-file", "file secret", Duration.ofMinutes(5));
        OAuth2ClientCredentials grant = new OAuth2ClientCredentials(
                authorization.tokenUrl(),
                "from-file",
                null,
                secretFile.toString(),
                List.of(),
                OAuth2ClientCredentials.CLIENT_SECRET_POST);
        apply(route("from-file", grant));

        HttpResponse<String> response = send("/from-file/x");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("hello from-file");
    }

    @Test
    void aRouteWhoseSecretIsMissingIsAppliedAndAnswers503NamingWhereTheSecretShouldBe() {
        authorization.register("unset", "never-used", Duration.ofMinutes(5));
        long version = apply(
                route("unset-env", fromEnv("unset", "SUTURE_TEST_NO_SUCH_VARIABLE")),
                route(
                        "unset-file",
                        OAuth2ClientCredentials.fromFile(
                                authorization.tokenUrl(), "unset", "/nonexistent/suture/secret", List.of())),
                route("plain", (UpstreamCredentials) null));

        assertThat(control.ackFor(version).orElseThrow().applied())
                .as("one route's missing secret does not hold back the rest of the snapshot (and healing)")
                .isTrue();
        HttpResponse<String> fromEnv = send("/unset-env/x");
        HttpResponse<String> fromFile = send("/unset-file/x");
        assertThat(fromEnv.statusCode()).isEqualTo(503);
        assertThat(fromEnv.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(fromEnv.body())
                .contains("environment variable SUTURE_TEST_NO_SUCH_VARIABLE is not set on this gateway");
        assertThat(fromFile.statusCode()).isEqualTo(503);
        assertThat(fromFile.body()).contains("secret file /nonexistent/suture/secret does not exist on this gateway");
        assertThat(authorization.tokenRequests("unset"))
                .as("no token request without a secret")
                .isZero();
        assertThat(send("/plain/x").statusCode())
                .as("a route without credentials gets no token: the upstream refuses it")
                .isEqualTo(401);
    }

    // ---- helpers

    private RouteSpec route(String id, OAuth2ClientCredentials grant) {
        return route(id, UpstreamCredentials.oauth2(grant));
    }

    private RouteSpec route(String id, @Nullable UpstreamCredentials credentials) {
        return RouteSpec.of(id, "/" + id + "/**", List.of(UpstreamSpec.of(upstream.url())))
                .withCredentials(credentials);
    }

    private OAuth2ClientCredentials fromEnv(String clientId, String variable, String... scopes) {
        return OAuth2ClientCredentials.fromEnv(authorization.tokenUrl(), clientId, variable, List.of(scopes));
    }

    /** Publishes the routes as the next version and waits for the gateway's answer; returns the version. */
    private long apply(RouteSpec... routes) {
        Snapshots next = Snapshots.version(versions.incrementAndGet());
        for (RouteSpec route : routes) {
            next.route(route);
        }
        control.publish(next.build());
        control.awaitAck(versions.get());
        return versions.get();
    }

    private HttpResponse<String> send(String path, String... headers) {
        try {
            return HTTP.send(request(path, headers), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("request to the gateway failed: " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private List<HttpResponse<String>> sendAtOnce(String path, int count) {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pending.add(HTTP.sendAsync(request(path), HttpResponse.BodyHandlers.ofString()));
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    private HttpRequest request(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request.build();
    }

    /** The upstream's answer to a request carrying {@code authorization}, bypassing the gateway. */
    private int directly(String authorization) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(upstream.url() + "/direct"))
                .header("Authorization", authorization)
                .timeout(Duration.ofSeconds(5))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("request to the upstream failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One credential count of {@code routeId}, summed over every report so far. */
    private long sum(String routeId, ToLongFunction<CredentialSignals> count) {
        return routeSignals(routeId).stream()
                .map(RouteSignals::credentials)
                .filter(credentials -> credentials != null)
                .mapToLong(count)
                .sum();
    }

    private long instanceUnauthorized(String routeId) {
        return routeSignals(routeId).stream()
                .flatMap(route -> route.instances().stream())
                .mapToLong(instance -> instance.outcomes().getOrDefault(Outcome.UNAUTHORIZED, 0L))
                .sum();
    }

    private List<RouteSignals> routeSignals(String routeId) {
        return control.reports().stream()
                .flatMap(report -> report.routes().stream())
                .filter(route -> route.routeId().equals(routeId))
                .toList();
    }

    private double counter(String name) {
        return gateway.bean(MeterRegistry.class).get(name).counter().count();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
