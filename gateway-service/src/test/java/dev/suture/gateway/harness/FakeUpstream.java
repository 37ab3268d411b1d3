package dev.suture.gateway.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * An upstream instance: a JDK HTTP server on an ephemeral port that answers every request with its own name, after
 * an optional delay, and remembers the raw URI it was asked for.
 */
public final class FakeUpstream implements AutoCloseable {

    private final String name;
    private final Duration delay;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger hits = new AtomicInteger();
    private volatile @Nullable String lastRawUri;

    private FakeUpstream(String name, Duration delay) throws IOException {
        this.name = name;
        this.delay = delay;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    public static FakeUpstream start(String name) throws IOException {
        return new FakeUpstream(name, Duration.ZERO);
    }

    /** An instance that takes {@code delay} before it answers. */
    public static FakeUpstream slow(String name, Duration delay) throws IOException {
        return new FakeUpstream(name, delay);
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int hits() {
        return hits.get();
    }

    public @Nullable String lastRawUri() {
        return lastRawUri;
    }

    private void answer(HttpExchange exchange) throws IOException {
        hits.incrementAndGet();
        lastRawUri = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null
                        ? ""
                        : "?" + exchange.getRequestURI().getRawQuery());
        pause();
        byte[] body = name.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void pause() {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return name + "@" + url();
    }
}
