package dev.suture.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Steady client traffic through one or more gateways, one request every few milliseconds, recording what each client
 * saw: when, the status, and which upstream answered. Runs until closed.
 */
public final class TrafficGenerator implements AutoCloseable {

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean running = true;

    /** One client thread per gateway base URL, each sending a request to {@code path} every {@code pause}. */
    public TrafficGenerator(List<String> gatewayUrls, String path, Duration pause) {
        for (String gateway : gatewayUrls) {
            Thread client = new Thread(() -> send(gateway, URI.create(gateway + path), pause), "traffic-" + gateway);
            client.setDaemon(true);
            clients.add(client);
            client.start();
        }
    }

    public List<Seen> since(Instant start) {
        return seen.stream().filter(s -> !s.at().isBefore(start)).toList();
    }

    long count(Instant start, Predicate<Seen> which) {
        return since(start).stream().filter(which).count();
    }

    @Override
    public void close() {
        running = false;
        clients.forEach(Thread::interrupt);
    }

    private void send(String gateway, URI uri, Duration pause) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        while (running) {
            Instant at = Instant.now();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                seen.add(new Seen(
                        gateway,
                        at,
                        response.statusCode(),
                        response.headers().firstValue("X-Upstream").orElse("")));
            } catch (IOException e) {
                seen.add(new Seen(gateway, at, -1, ""));
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * One client request: the gateway it went through, when it was sent, the status (-1 when it failed without one),
     * and the upstream that served it.
     */
    public record Seen(String gateway, Instant at, int status, String upstream) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }
}
