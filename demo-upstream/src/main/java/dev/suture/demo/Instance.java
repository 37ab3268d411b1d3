package dev.suture.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One instance of a demo service: an HTTP listener on its own port answering every request with its name, and the
 * faults it currently has. It keeps its port when it stops listening and starts again, as a restarted instance would.
 *
 * <p>Thread-safe: requests read {@link #faults} with one volatile read, so each request sees one fault set whole;
 * changes that start or stop the listener are serialized on the instance's monitor.
 */
public final class Instance implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Instance.class.getName());

    private final String service;
    private final String name;
    private final InetAddress bind;
    private final int port;
    private final Faults healthy;
    private final Clock clock;
    private final ExecutorService workers;
    private final LoadMeter load = new LoadMeter();
    private final AtomicLong served = new AtomicLong();
    private volatile Faults faults;
    private @Nullable HttpServer server;

    private Instance(String service, String name, InetAddress bind, int port, Faults healthy, Clock clock) {
        this.service = service;
        this.name = name;
        this.bind = bind;
        this.port = port;
        this.healthy = healthy;
        this.faults = healthy;
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(64, runnable -> {
            Thread thread = new Thread(runnable, name + "-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts listening on {@code port} (0 for a free one) of {@code bind}, healthy. */
    public static Instance start(String service, String name, InetAddress bind, int port, Faults healthy, Clock clock) {
        HttpServer server = bind(bind, port);
        Instance instance =
                new Instance(service, name, bind, server.getAddress().getPort(), healthy, clock);
        instance.serve(server);
        return instance;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Faults faults() {
        return faults;
    }

    public long served() {
        return served.get();
    }

    /** Replaces the instance's faults, starting or stopping its listener when {@code listening} changes. */
    public synchronized void apply(Faults next) {
        Faults before = faults;
        faults = next;
        if (next.listening() && server == null) {
            serve(bind(bind, port));
        } else if (!next.listening() && server != null) {
            server.stop(0);
            server = null;
        }
        if (!before.equals(next)) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "faults changed instance={0} port={1,number,#} faults={2}",
                    name,
                    port,
                    next.toJson());
        }
    }

    /** Back to healthy and listening. */
    public void heal() {
        apply(healthy);
    }

    public synchronized boolean listening() {
        return server != null;
    }

    String toJson() {
        return "{\"name\": \"" + name + "\", \"service\": \"" + service + "\", \"port\": " + port
                + ", \"listening\": " + listening() + ", \"served\": " + served.get() + ", \"faults\": "
                + faults.toJson() + "}";
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        workers.shutdownNow();
    }

    private void serve(HttpServer listener) {
        listener.createContext("/", this::answer);
        listener.setExecutor(workers);
        listener.start();
        server = listener;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Faults now = faults;
            long delay = now.delayMillis(load.record(clock.millis()));
            if (delay > 0) {
                pause(delay);
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (now.dropRate() > 0 && random.nextDouble() < now.dropRate()) {
                return; // closing an exchange that sent no headers closes its connection: the client gets no answer
            }
            served.incrementAndGet();
            if (now.credentialsExpired(clock.instant())) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                respond(exchange, 401, "{\"error\": \"credentials expired\", \"instance\": \"" + name + "\"}");
            } else if (now.errorRate() > 0 && random.nextDouble() < now.errorRate()) {
                respond(exchange, now.errorStatus(), "{\"error\": \"injected\", \"instance\": \"" + name + "\"}");
            } else {
                respond(
                        exchange,
                        200,
                        "{\"service\": \"" + service + "\", \"instance\": \"" + name + "\", \"path\": \""
                                + exchange.getRequestURI().getRawPath() + "\"}");
            }
        }
    }

    private void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Upstream", name);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpServer bind(InetAddress address, int port) {
        try {
            return HttpServer.create(new InetSocketAddress(address, port), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on " + address.getHostAddress() + ":" + port, e);
        }
    }
}
