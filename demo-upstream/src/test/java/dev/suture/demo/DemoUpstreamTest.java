package dev.suture.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The demo upstream over real HTTP on free ports: instances break one at a time through the fault API. */
class DemoUpstreamTest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final DemoUpstream upstream = DemoUpstream.start(
            new DemoSettings("orders", List.of(0, 0), 0, InetAddress.getLoopbackAddress(), 0, 0), Clock.systemUTC());

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void everyInstanceAnswersWithItsName() throws Exception {
        HttpResponse<String> answer = get(instance(1), "/orders/42");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Upstream")).hasValue("orders-2");
        assertThat(answer.body()).contains("\"instance\": \"orders-2\"", "\"path\": \"/orders/42\"");
    }

    @Test
    void anInstanceFailsAloneAndHealsOnDelete() throws Exception {
        assertThat(send("PUT", api() + "/instances/orders-1/faults?errorRate=1&errorStatus=503")
                        .statusCode())
                .isEqualTo(200);

        assertThat(get(instance(0), "/x").statusCode()).isEqualTo(503);
        assertThat(get(instance(1), "/x").statusCode()).isEqualTo(200);

        send("DELETE", api() + "/instances/orders-1/faults");
        assertThat(get(instance(0), "/x").statusCode()).isEqualTo(200);
    }

    @Test
    void anInstanceThatStopsListeningRefusesConnectionsAndKeepsItsPortForLater() throws Exception {
        send("PUT", api() + "/instances/orders-1/faults?listening=false");

        assertThat(refused(instance(0))).isTrue();
        assertThat(send("GET", api() + "/instances/orders-1").body()).contains("\"listening\": false");

        send("PUT", api() + "/instances/orders-1/faults?listening=true");
        assertThat(get(instance(0), "/x").statusCode()).isEqualTo(200);
    }

    @Test
    void droppedConnectionsGetNoAnswerAndExpiredCredentialsGet401() throws Exception {
        send("PUT", api() + "/instances/orders-1/faults?dropRate=1");
        send("PUT", api() + "/instances/orders-2/faults?credentialsExpireInSeconds=0");

        assertThat(noAnswer(instance(0))).isTrue();
        HttpResponse<String> expired = get(instance(1), "/x");
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void faultsForTheWholeServiceReachEveryInstanceAndBadOnesChangeNothing() throws Exception {
        HttpResponse<String> refused = send("PUT", api() + "/faults?latencyMs=5&errorRate=7");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("errorRate must be between 0 and 1 but was 7.0");
        assertThat(upstream.instances()).allMatch(i -> i.faults().latencyMs() == 0);

        send("PUT", api() + "/faults?latencyMs=5");
        assertThat(upstream.instances()).allMatch(i -> i.faults().latencyMs() == 5);
        assertThat(send("GET", api() + "/instances/orders-9").statusCode()).isEqualTo(404);
    }

    private String api() {
        return "http://127.0.0.1:" + upstream.apiPort();
    }

    private String instance(int index) {
        return "http://127.0.0.1:" + upstream.instances().get(index).port();
    }

    private static HttpResponse<String> get(String base, String path) throws Exception {
        return send("GET", base + path);
    }

    private static boolean refused(String base) throws InterruptedException {
        try {
            get(base, "/x");
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean noAnswer(String base) throws InterruptedException {
        try {
            get(base, "/x");
            return false;
        } catch (IOException e) {
            return !(e instanceof ConnectException);
        } catch (Exception e) {
            return false;
        }
    }

    private static HttpResponse<String> send(String method, String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
