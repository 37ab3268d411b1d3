package dev.suture.system;

import dev.suture.local.JavaCommand;
import dev.suture.local.ServiceProcess;
import dev.suture.local.SutureJars;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A control service and gateways started from the build's real jars as separate processes, on free ports, with their
 * data (the embedded PostgreSQL, each gateway's saved snapshot) in one temporary folder. A restarted service keeps its
 * port and its data, as it would on a real host. Each service's output goes to target/service-logs.
 */
public final class LocalFleet implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final SutureJars jars;
    private final Path root;
    private final int controlPort = freePort();
    private final Map<String, Integer> gatewayPorts = new HashMap<>();
    private final Map<String, Integer> managementPorts = new HashMap<>();
    private final Map<String, ServiceProcess> running = new HashMap<>();
    private final List<PrintWriter> logs = new ArrayList<>();

    private LocalFleet(String name, SutureJars jars, Path root) {
        this.name = name;
        this.jars = jars;
        this.root = root;
    }

    public static LocalFleet create(String name) {
        try {
            Path root = Files.createTempDirectory("suture-fleet-");
            // The embedded PostgreSQL runs as 'nobody' when tests run as root, and must reach its data folder.
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new LocalFleet(name, SutureJars.in(projectRoot()), root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The build's root folder: the suture.projectRoot property, or the nearest folder up holding the modules. */
    public static Path projectRoot() {
        String configured = System.getProperty("suture.projectRoot");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("control-service"))
                    && Files.isDirectory(dir.resolve("gateway-service"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run from inside the Suture project, or set -Dsuture.projectRoot");
    }

    public String controlUrl() {
        return "http://127.0.0.1:" + controlPort;
    }

    public Http admin() {
        return new Http(controlUrl());
    }

    Http gateway(String id) {
        return new Http(gatewayUrl(id));
    }

    public String gatewayUrl(String id) {
        return "http://127.0.0.1:" + gatewayPorts.get(id);
    }

    public void startControl(String... extraArguments) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=" + controlPort,
                "--suture.database.embedded.data-dir=" + root.resolve("postgres"),
                "--suture.fleet.heartbeat-interval=1s"));
        arguments.addAll(List.of(extraArguments));
        ServiceProcess control = launch("control", jars.controlService(), arguments);
        control.awaitHttpOk(URI.create(controlUrl() + "/actuator/health/readiness"), START_TIMEOUT);
    }

    /** Starts a gateway; a gateway started again under the same id keeps its port and its saved snapshot. */
    public void startGateway(String id, String... extraArguments) {
        int port = gatewayPorts.computeIfAbsent(id, any -> freePort());
        int managementPort = managementPorts.computeIfAbsent(id, any -> freePort());
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--suture.control.url=" + controlUrl(),
                "--suture.gateway.id=" + id,
                "--suture.gateway.snapshot-file=" + root.resolve(id).resolve("snapshot.json")));
        arguments.addAll(List.of(extraArguments));
        ServiceProcess gateway = launch(id, jars.gatewayService(), arguments);
        gateway.awaitHttpOk(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/liveness"), START_TIMEOUT);
    }

    void stop(String service) {
        ServiceProcess process = running.remove(service);
        if (process != null) {
            process.stop(Duration.ofSeconds(20));
        }
    }

    boolean isRunning(String service) {
        ServiceProcess process = running.get(service);
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        running.values().forEach(process -> process.stop(Duration.ofSeconds(20)));
        running.clear();
        logs.forEach(PrintWriter::close);
    }

    private ServiceProcess launch(String service, Path jar, List<String> arguments) {
        PrintWriter log = logFile(service);
        ServiceProcess process =
                ServiceProcess.start(service, JavaCommand.forJar(jar, arguments), Map.of(), line -> log.println(line));
        running.put(service, process);
        return process;
    }

    private PrintWriter logFile(String service) {
        try {
            Path folder = Path.of("target", "service-logs");
            Files.createDirectories(folder);
            PrintWriter writer = new PrintWriter(
                    Files.newBufferedWriter(
                            folder.resolve(name + "-" + service + ".log"),
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND),
                    true);
            logs.add(writer);
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
