package dev.suture.system.bench;

import dev.suture.local.ServiceProcess;
import dev.suture.system.Http;
import dev.suture.system.LocalFleet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures what the Suture gateway costs on the request path, side by side in one run on the same upstream: direct
 * calls, nginx as a reverse proxy, a bare Spring Cloud Gateway (module {@code bare-gateway}) and the Suture gateway
 * with its healing features on (retries with their budget, a circuit breaker per instance, signal recording and
 * reporting to a real control service). Traffic shaping is off in the benchmark's policy: a load generator that goes
 * from idle to the gateway's limit is, rightly, an overload, and the 429s that shaping would answer are not the
 * request path being measured.
 *
 * <p>The upstream is nginx answering a fixed 2-byte body. The load is wrk with one thread and a fixed number of
 * keep-alive connections, so every target is driven the same way; both JVMs get the same options (full JIT, the same
 * heap and collector). After a warm-up of every target, rounds visit the targets in turn and each target's figures
 * are the median of its rounds, so that drift on the machine falls on all of them alike.
 *
 * <p>Needs {@code wrk} and {@code nginx} on the PATH ({@code apt-get install wrk nginx-light}). Run: see
 * docs/benchmarks.md. Arguments: {@code rounds=N} (default 3), {@code seconds=N} per measurement (default 10),
 * {@code connections=N} (default 32).
 */
public final class GatewayOverheadBenchmark {

    /** The same for both gateways: C2 and a fixed heap, unlike the quick-starting JVMs of the local runner. */
    /** USER_HZ of proc(5); 100 on every Linux build this runs on. */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    private static final List<String> JVM_OPTIONS = List.of("-Xms256m", "-Xmx256m", "-XX:+UseParallelGC");

    private static final String POLICY = """
            {"name": "bench",
             "retry": {"enabled": true, "maxAttempts": 3},
             "circuitBreaker": {"enabled": true, "minimumCalls": 20},
             "trafficShaping": {"enabled": false}}
            """;

    private static final String BASELINE = "bare Spring Cloud Gateway";

    private GatewayOverheadBenchmark() {}

    @SuppressWarnings("checkstyle:regexp") // a command-line benchmark: its report goes to the console
    public static void main(String[] args) throws IOException {
        Map<String, Integer> options = options(args);
        int rounds = options.getOrDefault("rounds", 3);
        int seconds = options.getOrDefault("seconds", 10);
        int connections = options.getOrDefault("connections", 32);
        requireOnPath("wrk");
        requireOnPath("nginx");
        Path root = Files.createTempDirectory("suture-overhead-");

        try (Nginx upstream = Nginx.start(root.resolve("upstream"), Nginx.staticConfig(freePort()));
                Nginx proxy = Nginx.start(root.resolve("proxy"), Nginx.proxyConfig(freePort(), upstream.port()));
                LocalFleet fleet = LocalFleet.create("overhead-benchmark");
                Gateway bare = startBareGateway(upstream.url());
                Gateway suture = startSutureGateway(fleet, root, upstream.url())) {
            List<Target> targets = List.of(
                    new Target("direct", upstream.url(), -1),
                    new Target("nginx reverse proxy", proxy.url(), -1),
                    new Target(BASELINE, bare.url(), bare.process().pid()),
                    new Target(
                            "Suture gateway, healing on",
                            suture.url(),
                            suture.process().pid()));

            System.out.println("warming up every target for 30 s");
            targets.forEach(target -> Wrk.run(target.url() + "/bench/x", connections, 30));
            Map<String, List<Measured>> results = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (Target target : targets) {
                    Measured measured = target.measure(connections, seconds);
                    System.out.printf("round %d  %-28s %s%n", round, target.name(), measured);
                    results.computeIfAbsent(target.name(), any -> new ArrayList<>())
                            .add(measured);
                }
            }
            String table = table(results, rounds, seconds, connections);
            Path out = Path.of("target", "benchmarks", "gateway-overhead.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, table + "\n");
            System.out.println();
            System.out.println(table);
        }
    }

    private static String table(Map<String, List<Measured>> results, int rounds, int seconds, int connections) {
        Measured baseline = Measured.median(results.get(BASELINE));
        List<String> lines = new ArrayList<>();
        lines.add("wrk, 1 thread, %d connections, %d rounds of %d s; medians over the rounds"
                .formatted(connections, rounds, seconds));
        lines.add("");
        lines.add("| target | requests/s | vs bare SCG | p50 (ms) | p99 (ms) | p99 vs bare SCG (ms)"
                + " | gateway CPU per request (µs) |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, List<Measured>> target : results.entrySet()) {
            Measured median = Measured.median(target.getValue());
            Wrk.Result load = median.load();
            lines.add("| %s | %.0f | %.1f%% | %.2f | %.2f | %+.2f | %s |"
                    .formatted(
                            target.getKey(),
                            load.requestsPerSecond(),
                            100 * load.requestsPerSecond() / baseline.load().requestsPerSecond(),
                            load.p50Millis(),
                            load.p99Millis(),
                            load.p99Millis() - baseline.load().p99Millis(),
                            Double.isNaN(median.cpuMicrosPerRequest())
                                    ? "-"
                                    : "%.0f".formatted(median.cpuMicrosPerRequest())));
        }
        return String.join("\n", lines);
    }

    private static Gateway startBareGateway(String upstream) {
        int port = freePort();
        Path jar = jar(LocalFleet.projectRoot().resolve("bare-gateway/target"), "bare-gateway-");
        List<String> arguments = List.of("--server.port=" + port, "--bare.upstream=" + upstream);
        return launch("bare-gateway", port, jar, arguments);
    }

    /**
     * The control service (through {@link LocalFleet}), the route and its policy, and a Suture gateway started with the
     * same JVM options as the bare one.
     */
    private static Gateway startSutureGateway(LocalFleet fleet, Path root, String upstream) {
        fleet.startControl();
        Http admin = fleet.admin();
        admin.post("/api/v1/policies", POLICY);
        admin.post("/api/v1/routes", """
                {"id": "bench", "path": "/bench/**", "upstreams": [{"url": "%s"}], "policy": "bench"}
                """.formatted(upstream));

        int port = freePort();
        Path jar = jar(LocalFleet.projectRoot().resolve("gateway-service/target"), "gateway-service-");
        List<String> arguments = List.of(
                "--server.port=" + port,
                "--management.server.port=" + freePort(),
                "--suture.control.url=" + fleet.controlUrl(),
                "--suture.gateway.id=bench",
                "--suture.gateway.snapshot-file=" + root.resolve("bench-snapshot.json"));
        return launch("suture-gateway", port, jar, arguments);
    }

    private static Gateway launch(String name, int port, Path jar, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(arguments);
        ServiceProcess process = ServiceProcess.start(name, command, Map.of(), line -> {});
        Gateway gateway = new Gateway(process, port);
        awaitRouting(gateway);
        return gateway;
    }

    private static void awaitRouting(Gateway started) {
        Http gateway = new Http(started.url());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (gateway.get("/bench/x").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            sleep(250);
        }
        throw new IllegalStateException(started.process().name() + " did not route /bench/x within 120 s: "
                + started.process().lastOutput());
    }

    private static Path jar(Path folder, String prefix) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                            && f.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no " + prefix + "*-exec.jar in " + folder + "; build with ./mvnw -DskipTests install"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireOnPath(String tool) {
        boolean found = Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(dir ->
                        Files.isExecutable(Path.of(dir, tool)) || Files.isExecutable(Path.of("/usr/sbin", tool)));
        if (!found) {
            throw new IllegalStateException(tool + " is not installed: apt-get install wrk nginx-light");
        }
    }

    private static Map<String, Integer> options(String[] args) {
        Map<String, Integer> options = new LinkedHashMap<>();
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("arguments are name=value, got " + arg);
            }
            options.put(pair[0], Integer.parseInt(pair[1]));
        }
        return options;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * One thing the load is sent to.
     *
     * @param name how the report names it
     * @param url its base URL
     * @param pid the process whose CPU time the benchmark reads, -1 for none
     */
    private record Target(String name, String url, long pid) {

        Measured measure(int connections, int seconds) {
            long before = cpuTicks();
            Wrk.Result load = Wrk.run(url + "/bench/x", connections, seconds);
            long used = cpuTicks() - before;
            double micros = pid < 0 ? Double.NaN : used * 1_000_000.0 / CLOCK_TICKS_PER_SECOND / load.requests();
            return new Measured(load, micros);
        }

        /** User and system time of the process so far, from /proc, in clock ticks. */
        private long cpuTicks() {
            if (pid < 0) {
                return 0;
            }
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // Fields 14 and 15 of proc(5), counted from the state, which is field 3.
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the CPU time of process " + pid, e);
            }
        }
    }

    /**
     * What one run against one target measured.
     *
     * @param load what wrk saw
     * @param cpuMicrosPerRequest CPU time the target's process spent per request, NaN when not measured
     */
    private record Measured(Wrk.Result load, double cpuMicrosPerRequest) {

        static Measured median(List<Measured> runs) {
            List<Double> cpu =
                    runs.stream().map(Measured::cpuMicrosPerRequest).sorted().toList();
            return new Measured(
                    Wrk.Result.median(runs.stream().map(Measured::load).toList()), cpu.get(cpu.size() / 2));
        }

        @Override
        public String toString() {
            return load
                    + (Double.isNaN(cpuMicrosPerRequest) ? "" : "  cpu %5.0f us/req".formatted(cpuMicrosPerRequest));
        }
    }

    /** A gateway process and the port it listens on. */
    private record Gateway(ServiceProcess process, int port) implements AutoCloseable {

        String url() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public void close() {
            process.stop(Duration.ofSeconds(20));
        }
    }
}
