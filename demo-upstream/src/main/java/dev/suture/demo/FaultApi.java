package dev.suture.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The fault-injection API of one demo service process, on its own port so that it keeps answering while an instance
 * stops listening. See docs/getting-started.md#the-demo-upstreams for the endpoints.
 */
public final class FaultApi implements AutoCloseable {

    private final List<Instance> instances;
    private final Clock clock;
    private final HttpServer server;

    private FaultApi(List<Instance> instances, Clock clock, HttpServer server) {
        this.instances = List.copyOf(instances);
        this.clock = clock;
        this.server = server;
    }

    /** Serves the API for {@code instances} on {@code port} (0 for a free one) of {@code bind}. */
    public static FaultApi start(List<Instance> instances, InetAddress bind, int port, Clock clock) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 64);
            FaultApi api = new FaultApi(instances, clock, server);
            server.createContext("/", api::handle);
            server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "fault-api");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on " + bind.getHostAddress() + ":" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path =
                    exchange.getRequestURI().getPath().replaceAll("^/+|/+$", "").split("/");
            String method = exchange.getRequestMethod();
            try {
                route(exchange, method, path);
            } catch (InvalidFaultException e) {
                problem(exchange, 400, "invalid-request", e.getMessage());
            }
        }
    }

    private void route(HttpExchange exchange, String method, String[] path) throws IOException {
        if (path.length == 1 && path[0].equals("health")) {
            respond(exchange, 200, "{\"status\": \"UP\"}");
        } else if (path.length == 1 && path[0].equals("instances") && method.equals("GET")) {
            respond(exchange, 200, list(instances));
        } else if (path.length == 1 && path[0].equals("faults")) {
            change(exchange, method, instances, true);
        } else if (path.length >= 2 && path.length <= 3 && path[0].equals("instances")) {
            Optional<Instance> instance =
                    instances.stream().filter(i -> i.name().equals(path[1])).findFirst();
            if (instance.isEmpty()) {
                problem(
                        exchange,
                        404,
                        "not-found",
                        "no instance " + path[1] + "; this process serves "
                                + instances.stream().map(Instance::name).toList());
            } else if (path.length == 2 && method.equals("GET")) {
                respond(exchange, 200, instance.get().toJson());
            } else if (path.length == 3 && path[2].equals("faults")) {
                change(exchange, method, List.of(instance.get()), false);
            } else {
                problem(exchange, 405, "method-not-allowed", method + " is not allowed here");
            }
        } else {
            problem(exchange, 404, "not-found", "no such path; try GET /instances");
        }
    }

    /** PUT sets the faults named in the query on {@code targets}; DELETE heals them. */
    private void change(HttpExchange exchange, String method, List<Instance> targets, boolean wholeService)
            throws IOException {
        if (method.equals("DELETE")) {
            targets.forEach(Instance::heal);
        } else if (method.equals("PUT") || method.equals("POST")) {
            Map<String, String> parameters = query(exchange.getRequestURI().getRawQuery());
            List<Faults> next = targets.stream() // every target is checked before any changes
                    .map(i -> i.faults().with(parameters, clock.instant()))
                    .toList();
            for (int i = 0; i < targets.size(); i++) {
                targets.get(i).apply(next.get(i));
            }
        } else {
            problem(exchange, 405, "method-not-allowed", method + " is not allowed here; use PUT or DELETE");
            return;
        }
        respond(
                exchange,
                200,
                targets == instances ? list(targets) : targets.get(0).toJson());
    }

    private static String list(List<Instance> instances) {
        return instances.stream().map(Instance::toJson).collect(Collectors.joining(", ", "[", "]"));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            String[] parts = pair.split("=", 2);
            parameters.put(decode(parts[0]), parts.length == 2 ? decode(parts[1]) : "");
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static void problem(HttpExchange exchange, int status, String type, String detail) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        send(
                exchange,
                status,
                "{\"type\": \"https://suture.dev/problems/" + type + "\", \"status\": " + status + ", \"detail\": \""
                        + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, json);
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
