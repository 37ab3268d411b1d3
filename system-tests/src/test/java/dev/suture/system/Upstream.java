package dev.suture.system;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP upstream on a free loopback port. It answers every request with 200 and its own name, so a test can
 * tell which instance served a request that went through a gateway.
 */
final class Upstream implements AutoCloseable {

    private final String name;
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private Upstream(String name, HttpServer server) {
        this.name = name;
        this.server = server;
    }

    static Upstream start(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            Upstream upstream = new Upstream(name, server);
            server.createContext("/", exchange -> {
                upstream.requests.incrementAndGet();
                byte[] body = name.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("X-Upstream", name);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return upstream;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return name;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
