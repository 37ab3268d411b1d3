package dev.suture.gateway.harness;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.suture.model.fleet.ConfigAck;
import dev.suture.model.fleet.ConfigStream;
import dev.suture.model.signal.SignalReport;
import dev.suture.model.snapshot.ConfigSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A hand-written control service speaking the config stream protocol of {@link ConfigStream}: it serves the SSE
 * stream (the current snapshot at once when the gateway's applied version differs, then each new one, and a
 * heartbeat every 500ms), and records every ack and signal report posted to it. It can also misbehave on purpose:
 * drop the open streams, fall silent, refuse acks, stop and start again on the same port.
 *
 * <p>Thread-safe: the lock orders publishing against streams opening, so a gateway never misses a version.
 */
public final class FakeControlService implements AutoCloseable {

    public static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(500);

    private final JsonMapper json = JsonMapper.builder().build();
    private final List<OpenStream> streams = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> connections = new CopyOnWriteArrayList<>();
    private final List<ConfigAck> acks = new CopyOnWriteArrayList<>();
    private final List<SignalReport> reports = new CopyOnWriteArrayList<>();
    private final AtomicInteger acksToRefuse = new AtomicInteger();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    private final Object lock = new Object();
    private final int port;

    // Guarded by lock.
    private long currentVersion;
    private @Nullable String currentSnapshot;
    private @Nullable HttpServer server;
    private @Nullable ExecutorService threads;

    private volatile boolean silent;

    private FakeControlService(int port) throws IOException {
        this.port = bind(port);
        heartbeats.scheduleAtFixedRate(this::heartbeat, 0, HEARTBEAT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static FakeControlService start() throws IOException {
        return new FakeControlService(0);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Makes {@code snapshot} the current version and pushes it down every open stream. */
    public void publish(ConfigSnapshot snapshot) {
        publishRaw(snapshot.version(), json.writeValueAsString(snapshot));
    }

    /** Like {@link #publish} with any text as the event data, for snapshots the gateway must reject. */
    public void publishRaw(long version, String data) {
        synchronized (lock) {
            currentVersion = version;
            currentSnapshot = data;
            for (OpenStream stream : streams) {
                stream.send(ConfigStream.SNAPSHOT_EVENT, data);
            }
        }
    }

    /** Publishes {@code snapshot} and waits until the gateway acks it as applied; fails if the gateway refused it. */
    public void apply(ConfigSnapshot snapshot) {
        publish(snapshot);
        ConfigAck ack = awaitAck(snapshot.version());
        if (!ack.applied()) {
            throw new AssertionError("the gateway refused snapshot " + snapshot.version() + ": " + ack);
        }
    }

    /** Waits for the gateway's answer to {@code version} and returns it. */
    public ConfigAck awaitAck(long version) {
        return await().atMost(Duration.ofSeconds(15))
                .until(() -> ackFor(version), Optional::isPresent)
                .get();
    }

    public Optional<ConfigAck> ackFor(long version) {
        return acks.stream().filter(ack -> ack.version() == version).findFirst();
    }

    public List<ConfigAck> acks() {
        return List.copyOf(acks);
    }

    /** Every signal report received, in arrival order. */
    public List<SignalReport> reports() {
        return List.copyOf(reports);
    }

    /** The query parameters of every stream opened so far, oldest first. */
    public List<Map<String, String>> connections() {
        return List.copyOf(connections);
    }

    public int openStreams() {
        return streams.size();
    }

    /** Ends every open stream as if the control service had closed them; the server keeps running. */
    public void dropStreams() {
        for (OpenStream stream : streams) {
            stream.close();
        }
    }

    /** Stops heartbeats while keeping the streams open, as a hung control service would. */
    public void fallSilent() {
        silent = true;
    }

    public void speakAgain() {
        silent = false;
    }

    /** Answers the next {@code count} ack posts with 500. */
    public void refuseAcks(int count) {
        acksToRefuse.set(count);
    }

    /** Stops the HTTP server: open streams break and new connections are refused. */
    public void stop() {
        synchronized (lock) {
            dropStreams();
            if (server != null) {
                server.stop(0);
                server = null;
            }
            if (threads != null) {
                threads.shutdownNow();
                threads = null;
            }
        }
    }

    /** Starts the HTTP server again on the same port, still holding the current snapshot. */
    public void restart() throws IOException {
        bind(port);
    }

    @Override
    public void close() {
        stop();
        heartbeats.shutdownNow();
    }

    private int bind(int requestedPort) throws IOException {
        synchronized (lock) {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", requestedPort), 0);
            ExecutorService pool = Executors.newCachedThreadPool();
            http.createContext(ConfigStream.PATH, this::openStream);
            http.createContext("/api/v1/fleet/", this::receiveAck);
            http.setExecutor(pool);
            http.start();
            server = http;
            threads = pool;
            return http.getAddress().getPort();
        }
    }

    private void openStream(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        connections.add(query);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OpenStream stream = new OpenStream(exchange);
        synchronized (lock) {
            streams.add(stream);
            long applied = Long.parseLong(query.getOrDefault("appliedVersion", "0"));
            if (currentSnapshot != null && currentVersion != applied) {
                stream.send(ConfigStream.SNAPSHOT_EVENT, currentSnapshot);
            }
        }
    }

    private void receiveAck(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if ("POST".equals(exchange.getRequestMethod()) && path.endsWith("/reports")) {
            reports.add(json.readValue(exchange.getRequestBody().readAllBytes(), SignalReport.class));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod()) || !path.endsWith("/acks")) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (acksToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
            return;
        }
        acks.add(json.readValue(body, ConfigAck.class));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    private void heartbeat() {
        if (silent) {
            return;
        }
        long version;
        synchronized (lock) {
            version = currentVersion;
        }
        for (OpenStream stream : streams) {
            stream.send(ConfigStream.HEARTBEAT_EVENT, "{\"version\":" + version + "}");
        }
    }

    private static Map<String, String> query(@Nullable String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.put(name, URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    /** One gateway's open stream. Writes are serialized so that two events never interleave. */
    private final class OpenStream {

        private final HttpExchange exchange;

        OpenStream(HttpExchange exchange) {
            this.exchange = exchange;
        }

        synchronized void send(String event, String data) {
            StringBuilder frame = new StringBuilder("event: ").append(event).append('\n');
            for (String line : data.split("\n", -1)) {
                frame.append("data: ").append(line).append('\n');
            }
            frame.append('\n');
            try {
                OutputStream body = exchange.getResponseBody();
                body.write(frame.toString().getBytes(StandardCharsets.UTF_8));
                body.flush();
            } catch (IOException e) {
                close();
            }
        }

        synchronized void close() {
            streams.remove(this);
            exchange.close();
        }
    }
}
