package dev.suture.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Suture on one machine with nothing but a JDK: the control service on its embedded PostgreSQL (data kept in
 * {@code data/} between runs) and gateways connected to it, each a child process. Ctrl-C stops them all.
 *
 * <p>Arguments: {@code --gateways=N} (default 1), {@code --control-port=P} (default 8081), {@code --gateway-port=P}
 * (default 8080; further gateways take the next free ports).
 */
public final class LocalSystem implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final List<ServiceProcess> services = new ArrayList<>();
    private final Consumer<String> console;

    private LocalSystem(Consumer<String> console) {
        this.console = console;
    }

    @SuppressWarnings("checkstyle:regexp") // a console program: its output is the point
    public static void main(String[] args) throws InterruptedException {
        Options options = Options.parse(args);
        Consumer<String> console = System.out::println;
        LocalSystem system = new LocalSystem(console);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            system.close();
                            stopped.countDown();
                        },
                        "suture-local-stop"));
        try {
            system.start(SutureJars.in(Path.of("").toAbsolutePath()), options);
        } catch (RuntimeException e) {
            System.err.println("Suture did not start: " + e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    private void start(SutureJars jars, Options options) {
        String controlUrl = "http://127.0.0.1:" + options.controlPort();
        ServiceProcess control = launch(
                "control",
                jars.controlService(),
                List.of("--server.port=" + options.controlPort(), "--suture.database.embedded.data-dir=data/postgres"));
        control.awaitHttpOk(URI.create(controlUrl + "/actuator/health/readiness"), START_TIMEOUT);

        List<String> gatewayUrls = new ArrayList<>();
        for (int i = 1; i <= options.gateways(); i++) {
            int port = i == 1 ? options.gatewayPort() : freePort();
            String id = "gateway-" + i;
            ServiceProcess gateway = launch(
                    id,
                    jars.gatewayService(),
                    List.of(
                            "--server.port=" + port,
                            "--suture.control.url=" + controlUrl,
                            "--suture.gateway.id=" + id,
                            "--suture.gateway.snapshot-file=data/" + id + "/snapshot.json"));
            gateway.awaitHttpOk(URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness"), START_TIMEOUT);
            gatewayUrls.add("http://127.0.0.1:" + port);
        }

        console.accept("");
        console.accept("Suture is running.");
        console.accept("  admin API      " + controlUrl + "/api/v1  (OpenAPI: " + controlUrl + "/v3/api-docs)");
        gatewayUrls.forEach(url -> console.accept("  gateway        " + url));
        console.accept("  data           " + Path.of("data").toAbsolutePath());
        console.accept("Press Ctrl-C to stop everything.");
    }

    private ServiceProcess launch(String name, Path jar, List<String> arguments) {
        String prefix = String.format("[%-9s] ", name);
        ServiceProcess process = ServiceProcess.start(
                name, JavaCommand.forJar(jar, arguments), Map.of(), line -> console.accept(prefix + line));
        services.add(process);
        return process;
    }

    /** Stops the services in reverse order of start: gateways first, then the control service. */
    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).stop(Duration.ofSeconds(20));
        }
        services.clear();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Options(int gateways, int controlPort, int gatewayPort) {

        static Options parse(String[] args) {
            int gateways = 1;
            int controlPort = 8081;
            int gatewayPort = 8080;
            for (String arg : args) {
                String[] pair = arg.split("=", 2);
                switch (pair[0]) {
                    case "--gateways" -> gateways = Integer.parseInt(pair[1]);
                    case "--control-port" -> controlPort = Integer.parseInt(pair[1]);
                    case "--gateway-port" -> gatewayPort = Integer.parseInt(pair[1]);
                    default ->
                        throw new IllegalArgumentException(
                                "unknown argument " + arg + "; known: --gateways=N --control-port=P --gateway-port=P");
                }
            }
            return new Options(gateways, controlPort, gatewayPort);
        }
    }
}
