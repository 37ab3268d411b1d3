package dev.suture.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP upstream whose faults the test controls while traffic flows: healthy (200 and its name), failing (500),
 * slow (a delay before answering), or down (nothing listens on its port). It keeps its port across down and up, as a
 * restarted instance would.
 */
public final class FaultyUpstream implements AutoCloseable {

    private final String name;
    private final int port;
    private final AtomicInteger requests = new AtomicInteger();
    private final ExecutorService workers = Executors.newFixedThreadPool(16);
    private volatile int status = 200;
    private volatile long delayMillis;
    private HttpServer server;

    private FaultyUpstream(String name, HttpServer server) {
        this.name = name;
        this.server = server;
        this.port = server.getAddress().getPort();
    }

    public static FaultyUpstream start(String name) {
        FaultyUpstream upstream = new FaultyUpstream(name, bind(0));
        upstream.serve();
        return upstream;
    }

    String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    int requests() {
        return requests.get();
    }

    void healthy() {
        status = 200;
        delayMillis = 0;
    }

    void failWith(int failureStatus) {
        status = failureStatus;
    }

    void slowBy(long millis) {
        delayMillis = millis;
    }

    /** Stops listening: new connections are refused. */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens again on the same port. */
    public synchronized void up() {
        if (server == null) {
            server = bind(port);
            serve();
        }
    }

    @Override
    public void close() {
        down();
        workers.shutdownNow();
    }

    private void serve() {
        server.createContext("/", this::answer);
        server.setExecutor(workers);
        server.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        long delay = delayMillis;
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = name.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("X-Upstream", name);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static HttpServer bind(int port) {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on port " + port, e);
        }
    }
}
