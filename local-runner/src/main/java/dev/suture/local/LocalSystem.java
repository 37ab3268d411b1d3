package dev.suture.local;

import dev.suture.local.walkthrough.Walkthrough;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Suture on one machine with nothing but a JDK, each part a child process: the control service on its embedded
 * PostgreSQL (data kept between runs), gateways connected to it (two by default), and two demo upstream services of
 * three instances each. Ctrl-C stops them all; so does {@link #close}.
 *
 * <p>Every service's output goes to {@code <data>/logs/<service>.log}, and to the console as well unless the
 * walkthrough runs, whose own lines would drown in it.
 */
public final class LocalSystem implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** How long the embedded PostgreSQL may take to exit after the control service that stopped it. */
    private static final Duration DATABASE_EXIT = Duration.ofSeconds(3);

    /** Walkthrough settings: short holds, so that each scenario plays out in well under a minute. */
    private static final List<String> DEMO_CONTROL_SETTINGS =
            List.of("--suture.healing.recovery-hold=10s", "--suture.healing.probation-period=5s");

    private final List<ServiceProcess> services = new ArrayList<>();
    private final List<PrintWriter> logs = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final Consumer<String> console;
    private final LocalOptions options;
    private String controlUrl = "";
    private final List<String> gatewayUrls = new ArrayList<>();
    private final List<String> gatewayManagementUrls = new ArrayList<>();
    private final List<DemoService> demoServices = new ArrayList<>();

    private LocalSystem(LocalOptions options, Consumer<String> console) {
        this.options = options;
        this.console = console;
    }

    @SuppressWarnings("checkstyle:regexp") // a console program: its output is the point
    public static void main(String[] args) throws InterruptedException {
        LocalOptions options = LocalOptions.parse(args);
        Consumer<String> console = System.out::println;
        LocalSystem system = new LocalSystem(options, console);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            console.accept("Stopping Suture ...");
                            system.close();
                            console.accept("Stopped; nothing left running.");
                            stopped.countDown();
                        },
                        "suture-local-stop"));
        try {
            system.launchAll(SutureJars.in(Path.of("").toAbsolutePath()));
            system.printWhereEverythingIs();
        } catch (RuntimeException e) {
            System.err.println("Suture did not start: " + e.getMessage());
            System.exit(1);
        }
        if (options.demo()) {
            try {
                new Walkthrough(system.topology(), console).run();
            } catch (RuntimeException e) {
                System.err.println("The walkthrough stopped: " + e.getMessage());
                System.exit(1);
            }
            System.exit(0);
        }
        stopped.await();
    }

    /** Starts every part of the system and waits until each answers; on a failure stops what it started. */
    public static LocalSystem start(SutureJars jars, LocalOptions options, Consumer<String> console) {
        LocalSystem system = new LocalSystem(options, console);
        try {
            system.launchAll(jars);
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    public String controlUrl() {
        return controlUrl;
    }

    public List<String> gatewayUrls() {
        return List.copyOf(gatewayUrls);
    }

    public Topology topology() {
        return new Topology(controlUrl, gatewayUrls, demoServices);
    }

    /** Every port the system's services listen on, the embedded PostgreSQL's included while it runs. */
    public List<Integer> ports() {
        List<Integer> all = new ArrayList<>(ports);
        postmasterLine(3).map(Integer::parseInt).ifPresent(all::add);
        return all;
    }

    /**
     * The service processes and every process they started, as they are now. PostgreSQL is among them although
     * {@code pg_ctl} detaches it from the control service: it is found through its {@code postmaster.pid}.
     */
    public List<ProcessHandle> processes() {
        Stream<ProcessHandle> database = postmaster().stream();
        return Stream.concat(services.stream().map(ServiceProcess::handle), database)
                .flatMap(h -> Stream.concat(Stream.of(h), h.descendants()))
                .distinct()
                .toList();
    }

    /** The embedded PostgreSQL's server process, from the pid file it keeps while it runs. */
    private Optional<ProcessHandle> postmaster() {
        return postmasterLine(0).map(Long::parseLong).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    }

    private Optional<String> postmasterLine(int index) {
        Path pidFile = options.dataDir().resolve("postgres").resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.size() > index ? Optional.of(lines.get(index).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // not running, or not embedded
        }
    }

    private void launchAll(SutureJars jars) {
        Path data = options.dataDir().toAbsolutePath();
        createData(data);
        int controlPort = portOrFree(options.controlPort());
        controlUrl = "http://127.0.0.1:" + controlPort;
        List<String> controlArguments = new ArrayList<>(List.of(
                "--server.port=" + controlPort, "--suture.database.embedded.data-dir=" + data.resolve("postgres")));
        if (options.demo()) {
            controlArguments.addAll(DEMO_CONTROL_SETTINGS);
        }
        launch("control", jars.controlService(), controlArguments)
                .awaitHttpOk(URI.create(controlUrl + "/actuator/health/readiness"), START_TIMEOUT);

        // Gateways and upstreams start side by side: they need the control service, not each other.
        List<Runnable> awaits = new ArrayList<>();
        List<Integer> gatewayPorts = options.gatewayPorts();
        for (int i = 0; i < gatewayPorts.size(); i++) {
            int requested = gatewayPorts.get(i);
            // Health and metrics a hundred ports above the traffic port (8180 for 8080), clear of the traffic ports of
            // up
            // to 20 gateways; free ones when ports are picked freely.
            int port = portOrFree(requested);
            int managementPort = portOrFree(requested == 0 ? 0 : requested + 100);
            awaits.add(launchGateway(jars, "gateway-" + (i + 1), port, managementPort, data));
        }
        for (int i = 0; i < LocalOptions.SERVICES.size(); i++) {
            int base = options.upstreamPort() == 0 ? 0 : options.upstreamPort() + 100 * i;
            awaits.add(launchUpstream(jars, LocalOptions.SERVICES.get(i), base));
        }
        awaits.forEach(Runnable::run);
    }

    private Runnable launchGateway(SutureJars jars, String id, int port, int managementPort, Path data) {
        String url = "http://127.0.0.1:" + port;
        String managementUrl = "http://127.0.0.1:" + managementPort;
        ServiceProcess gateway = launch(
                id,
                jars.gatewayService(),
                List.of(
                        "--server.port=" + port,
                        "--management.server.port=" + managementPort,
                        "--suture.control.url=" + controlUrl,
                        "--suture.gateway.id=" + id,
                        "--suture.gateway.address=" + url,
                        "--suture.gateway.snapshot-file=" + data.resolve(id).resolve("snapshot.json")));
        gatewayUrls.add(url);
        gatewayManagementUrls.add(managementUrl);
        return () -> gateway.awaitHttpOk(URI.create(managementUrl + "/actuator/health/liveness"), START_TIMEOUT);
    }

    private Runnable launchUpstream(SutureJars jars, String service, int basePort) {
        int apiPort = portOrFree(basePort);
        List<DemoService.Instance> instances = new ArrayList<>();
        List<String> instancePorts = new ArrayList<>();
        for (int i = 1; i <= LocalOptions.INSTANCES_PER_SERVICE; i++) {
            int port = portOrFree(basePort == 0 ? 0 : basePort + i);
            instances.add(new DemoService.Instance(service + "-" + i, "http://127.0.0.1:" + port));
            instancePorts.add(String.valueOf(port));
        }
        ServiceProcess upstream = launch(
                service,
                jars.demoUpstream(),
                List.of(
                        "--service=" + service,
                        "--ports=" + String.join(",", instancePorts),
                        "--control-port=" + apiPort));
        String apiUrl = "http://127.0.0.1:" + apiPort;
        demoServices.add(new DemoService(service, apiUrl, instances));
        return () -> upstream.awaitHttpOk(URI.create(apiUrl + "/health"), START_TIMEOUT);
    }

    private void printWhereEverythingIs() {
        console.accept("");
        console.accept("Suture is running.");
        console.accept("  admin API      " + controlUrl + "/api/v1  (OpenAPI: " + controlUrl + "/v3/api-docs)");
        for (int i = 0; i < gatewayUrls.size(); i++) {
            console.accept("  gateway        " + gatewayUrls.get(i) + "  (health, metrics: "
                    + gatewayManagementUrls.get(i) + "/actuator)");
        }
        for (DemoService service : demoServices) {
            String urls = String.join(
                    " ",
                    service.instances().stream().map(DemoService.Instance::url).toList());
            console.accept(
                    String.format("  %-14s %s  (faults: %s/instances)", service.name(), urls, service.faultApiUrl()));
        }
        console.accept("  data and logs  " + options.dataDir().toAbsolutePath());
        console.accept("Press Ctrl-C to stop everything.");
    }

    private ServiceProcess launch(String name, Path jar, List<String> arguments) {
        PrintWriter log = logFile(name);
        String prefix = String.format("[%-9s] ", name);
        boolean toConsole = !options.demo();
        ServiceProcess process = ServiceProcess.start(name, JavaCommand.forJar(jar, arguments), Map.of(), line -> {
            log.println(line);
            if (toConsole) {
                console.accept(prefix + line);
            }
        });
        services.add(process);
        return process;
    }

    /**
     * Stops the services in reverse order of start: upstreams and gateways first, the control service (and with it
     * its PostgreSQL) last. Processes a service started and left behind are stopped too.
     */
    @Override
    public synchronized void close() {
        Optional<ProcessHandle> database = postmaster();
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).stop(STOP_GRACE);
        }
        services.clear();
        database.filter(postgres -> !exited(postgres, DATABASE_EXIT)).ifPresent(this::stopDatabase);
        logs.forEach(PrintWriter::close);
        logs.clear();
    }

    /**
     * Whether {@code process} is gone, or goes within {@code wait}. The control service's PostgreSQL outlives it by a
     * moment even after a clean stop: {@code pg_ctl stop} returns once the server's pid file is gone, just before the
     * server process exits and is reaped.
     */
    private static boolean exited(ProcessHandle process, Duration wait) {
        try {
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (ExecutionException | TimeoutException e) {
            return !process.isAlive();
        }
    }

    /** The control service stops its PostgreSQL as it shuts down; this is for when it could not (it was killed). */
    private void stopDatabase(ProcessHandle postgres) {
        console.accept("stopping PostgreSQL pid " + postgres.pid() + ", which the control service left running");
        postgres.destroy(); // SIGTERM: a smart shutdown, and with the control service gone no client holds it up
        if (!exited(postgres, STOP_GRACE)) {
            postgres.destroyForcibly();
        }
    }

    private PrintWriter logFile(String service) {
        try {
            Path folder = options.dataDir().resolve("logs");
            Files.createDirectories(folder);
            PrintWriter writer = new PrintWriter(
                    Files.newBufferedWriter(folder.resolve(service + ".log"), StandardCharsets.UTF_8), true);
            logs.add(writer);
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createData(Path data) {
        try {
            Files.createDirectories(data);
            // The embedded PostgreSQL runs as 'nobody' when started as root, and must reach its data folder.
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the data folder " + data, e);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to hand over
        }
    }

    private int portOrFree(int port) {
        int chosen = port == 0 ? freePort() : port;
        ports.add(chosen);
        return chosen;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
