package dev.suture.gateway.harness;

import dev.suture.gateway.GatewayApplication;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real gateway application on a random port, talking to a given control service URL, with short reconnect delays
 * and heartbeat timeout so that tests of broken streams finish quickly.
 */
public final class RunningGateway implements AutoCloseable {

    public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final Logger log = LoggerFactory.getLogger(RunningGateway.class);

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
        return exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(REQUEST_TIMEOUT)
                .build());
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return send("GET", "127.0.0.1", pathAndQuery);
    }

    /** A request with the given method to {@code host} (which must resolve to this machine). */
    public HttpResponse<String> send(String method, String host, String pathAndQuery) {
        return exchange(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(REQUEST_TIMEOUT)
                .build());
    }

    /** A request with a body and headers ({@code name, value, name, value, ...}) to the gateway on 127.0.0.1. */
    public HttpResponse<String> send(String method, String pathAndQuery, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .timeout(REQUEST_TIMEOUT);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return exchange(request.build());
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

    /**
     * Sends {@code request} and waits for the whole response. The request timeout covers only the headers; the wait
     * bounds the body too, so a test cannot hang. A request that runs out of time logs this JVM's threads (the
     * gateway runs in it), so that a hang on CI says where it was stuck.
     */
    private static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            printThreads(request);
            throw new IllegalStateException("request to the gateway timed out: " + request, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                printThreads(request);
            }
            throw new IllegalStateException("request to the gateway failed: " + request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void printThreads(HttpRequest request) {
        StringBuilder dump = new StringBuilder("threads when ").append(request).append(" timed out:\n");
        // ThreadInfo.toString() would stop at 8 frames, too few to see past Reactor's operators.
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false, 64)) {
            dump.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
            if (thread.getLockName() != null) {
                dump.append(" on ").append(thread.getLockName());
            }
            dump.append('\n');
            for (StackTraceElement frame : thread.getStackTrace()) {
                dump.append("    at ").append(frame).append('\n');
            }
        }
        log.warn("{}", dump);
    }
}
