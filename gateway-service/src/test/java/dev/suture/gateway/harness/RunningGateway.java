package dev.suture.gateway.harness;

import dev.suture.gateway.GatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real gateway application on a random port, talking to a given control service URL, with short reconnect delays
 * and heartbeat timeout so that tests of broken streams finish quickly.
 */
public final class RunningGateway implements AutoCloseable {

    public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);

    /**
     * HTTP/1.1 only: the gateway serves HTTP/1.1, and the JDK client's default h2c upgrade attempt on each new
     * connection only adds a failure mode that has nothing to do with the gateway.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final ConfigurableApplicationContext context;
    private final int port;

    private RunningGateway(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Starts a gateway with id {@code id} keeping its snapshot in {@code snapshotFile}; extra properties win. */
    public static RunningGateway start(URI controlUrl, String id, Path snapshotFile, String... properties) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--suture.control.url=" + controlUrl,
                "--suture.gateway.id=" + id,
                "--suture.gateway.snapshot-file=" + snapshotFile,
                "--suture.control.min-backoff=50ms",
                "--suture.control.max-backoff=400ms",
                "--suture.control.heartbeat-timeout=" + HEARTBEAT_TIMEOUT.toMillis() + "ms",
                "--suture.control.ack-timeout=2s"));
        for (String property : properties) {
            arguments.add("--" + property);
        }
        // Command-line arguments, so that they beat application.yml (server.port=8080 must never be used here).
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(GatewayApplication.class).run(arguments.toArray(String[]::new));
        return new RunningGateway(context);
    }

    public int port() {
        return port;
    }

    /** A GET of the gateway's management port (health, metrics, info), on 127.0.0.1. */
    public HttpResponse<String> management(String path) {
        int managementPort = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(20))
                .build();
        try {
            return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("request to the gateway's management port failed: " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return send("GET", "127.0.0.1", pathAndQuery);
    }

    /** A request with the given method to {@code host} (which must resolve to this machine). */
    public HttpResponse<String> send(String method, String host, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(20))
                .build();
        try {
            // The request timeout covers only the headers; this bounds the body too, so a test cannot hang.
            return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("request to the gateway failed: " + request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A request with a body and headers ({@code name, value, name, value, ...}) to the gateway on 127.0.0.1. */
    public HttpResponse<String> send(String method, String pathAndQuery, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                    .get(20, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("request to the gateway failed: " + method + " " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The bodies of {@code count} GETs of {@code path}, in order. */
    public List<String> bodies(String path, int count) {
        List<String> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bodies.add(get(path).body());
        }
        return bodies;
    }

    @Override
    public void close() {
        context.close();
    }
}
