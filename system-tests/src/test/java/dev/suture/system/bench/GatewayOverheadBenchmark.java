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
import java.util.function.DoubleBinaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Measures what the Suture gateway costs on the request path, side by side in one run on the same upstream: direct
 * calls, nginx as a reverse proxy, a bare Spring Cloud Gateway (module {@code bare-gateway}) and the Suture gateway
 * with its healing features on (retries with their budget, a circuit breaker per instance, the route's deadline,
 * signal recording and reporting to a real control service). Traffic shaping is off in the benchmark's policy: a
 * load generator that goes from idle to the gateway's limit is, rightly, an overload, and the 429s that shaping would
 * answer are not the request path being measured.
 *
 * <p>The upstream is nginx answering a fixed 2-byte body. The load is wrk with one thread and a fixed number of
 * keep-alive connections, so every target is driven the same way; both JVMs get the same options (full JIT, the same
 * heap and collector). Where the machine has two CPUs or more and {@code taskset}, each gateway runs alone on the last
 * CPU and everything else (wrk, nginx, the control service, this program) on the others, so that a gateway's
 * throughput is what its own CPU can do and not what it wins from the load generator.
 *
 * <p>Each round measures every target in turn, the two gateways in alternating order (bare first in odd rounds, Suture
 * first in even ones), twice: at full load (wrk as fast as it can) and at a paced load (each connection waits
 * {@code pauseMs} between its requests, well below either gateway's limit), where latency is the request path's and
 * not a queue's. A figure is the median over the rounds; the ratio of the two gateways is the median of the rounds'
 * own ratios, so that drift on the machine, which moves both measurements of a round alike, cancels out.
 *
 * <p>Needs {@code wrk} and {@code nginx} on the PATH ({@code apt-get install wrk nginx-light}). Run: see
 * docs/benchmarks.md. Arguments: {@code rounds=N} (default 10), {@code seconds=N} per measurement (default 5),
 * {@code connections=N} (default 32), {@code warmup=N} seconds per gateway (default 60), {@code pauseMs=N} (default
 * 10).
 */
public final class GatewayOverheadBenchmark {

    /** USER_HZ of proc(5); 100 on every Linux build this runs on. */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    /** The same for both gateways: C2 and a fixed heap, unlike the quick-starting JVMs of the local runner. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms256m", "-Xmx256m", "-XX:+UseParallelGC");

    private static final String POLICY = """
            {"name": "bench",
             "retry": {"enabled": true, "maxAttempts": 3},
             "circuitBreaker": {"enabled": true, "minimumCalls": 20},
             "trafficShaping": {"enabled": false}}
            """;

    private static final String DIRECT = "direct";
    private static final String NGINX = "nginx reverse proxy";
    private static final String BASELINE = "bare Spring Cloud Gateway";
    private static final String SUTURE = "Suture gateway, healing on";

    private GatewayOverheadBenchmark() {}

    @SuppressWarnings("checkstyle:regexp") // a command-line benchmark: its report goes to the console
    public static void main(String[] args) throws IOException {
        Map<String, Integer> options = options(args);
        Settings settings = new Settings(
                options.getOrDefault("rounds", 10),
                options.getOrDefault("seconds", 5),
                options.getOrDefault("connections", 32),
                options.getOrDefault("warmup", 60),
                options.getOrDefault("pauseMs", 10));
        requireOnPath("wrk");
        requireOnPath("nginx");
        Placement placement = Placement.detect();
        placement.pinThisProcess();
        System.out.println(placement.describe());
        Path root = Files.createTempDirectory("suture-overhead-");
        Path paced = root.resolve("paced.lua");
        Files.writeString(paced, "function delay()\n  return " + settings.pauseMs() + "\nend\n");

        try (Nginx upstream = Nginx.start(root.resolve("upstream"), Nginx.staticConfig(freePort()));
                Nginx proxy = Nginx.start(root.resolve("proxy"), Nginx.proxyConfig(freePort(), upstream.port()));
                LocalFleet fleet = LocalFleet.create("overhead-benchmark");
                Gateway bare = startBareGateway(placement, upstream.url());
                Gateway suture = startSutureGateway(placement, fleet, root, upstream.url())) {
            Target direct = new Target(DIRECT, upstream.url(), -1);
            Target nginx = new Target(NGINX, proxy.url(), -1);
            Target baseline = new Target(BASELINE, bare.url(), bare.process().pid());
            Target healing = new Target(SUTURE, suture.url(), suture.process().pid());

            System.out.printf("warming up: the gateways %d s each, direct and nginx 5 s%n", settings.warmup());
            for (Target target : List.of(direct, nginx)) {
                target.measure(placement, settings.connections(), 5, null);
            }
            for (Target target : List.of(baseline, healing)) {
                target.measure(placement, settings.connections(), settings.warmup(), null);
                target.measure(placement, settings.connections(), 10, paced);
            }
            Map<String, List<Measured>> full = new LinkedHashMap<>();
            Map<String, List<Measured>> pacedRuns = new LinkedHashMap<>();
            for (int round = 1; round <= settings.rounds(); round++) {
                List<Target> gateways = round % 2 == 1 ? List.of(baseline, healing) : List.of(healing, baseline);
                List<Target> order = new ArrayList<>(List.of(direct, nginx));
                order.addAll(gateways);
                for (Target target : order) {
                    Measured measured = target.measure(placement, settings.connections(), settings.seconds(), null);
                    System.out.printf("round %2d  full   %-28s %s%n", round, target.name(), measured);
                    full.computeIfAbsent(target.name(), any -> new ArrayList<>())
                            .add(measured);
                }
                for (Target target : gateways) {
                    Measured measured = target.measure(placement, settings.connections(), settings.seconds(), paced);
                    System.out.printf("round %2d  paced  %-28s %s%n", round, target.name(), measured);
                    pacedRuns
                            .computeIfAbsent(target.name(), any -> new ArrayList<>())
                            .add(measured);
                }
            }
            String report = report(placement, settings, full, pacedRuns);
            Path out = Path.of("target", "benchmarks", "gateway-overhead.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report + "\n");
            System.out.println();
            System.out.println(report);
        }
    }

    private static String report(
            Placement placement,
            Settings settings,
            Map<String, List<Measured>> full,
            Map<String, List<Measured>> paced) {
        List<String> lines = new ArrayList<>();
        lines.add("%s; wrk, 1 thread, %d connections; %d rounds of %d s per target; medians over the rounds"
                .formatted(placement.describe(), settings.connections(), settings.rounds(), settings.seconds()));
        lines.add("");
        lines.add("Full load:");
        lines.add("");
        lines.add(table(full, true));
        lines.add("");
        lines.add("Paced load (each connection waits %d ms between requests):".formatted(settings.pauseMs()));
        lines.add("");
        lines.add(table(paced, false));
        lines.add("");
        Ratios throughput =
                Ratios.of(full.get(SUTURE), full.get(BASELINE), m -> m.load().requestsPerSecond());
        Ratios cpu = Ratios.of(full.get(SUTURE), full.get(BASELINE), Measured::cpuMicrosPerRequest);
        Ratios p99Full = Ratios.differences(
                full.get(SUTURE), full.get(BASELINE), m -> m.load().p99Millis());
        Ratios p99 = Ratios.differences(
                paced.get(SUTURE), paced.get(BASELINE), m -> m.load().p99Millis());
        lines.add(
                "Suture against bare Spring Cloud Gateway, round by round (median, lowest and highest of the rounds):");
        lines.add("");
        lines.add("- throughput at full load: %s".formatted(throughput.asPercent()));
        lines.add("- CPU per request at full load: %s".formatted(cpu.asPercent()));
        lines.add("- p99 at full load: %s".formatted(p99Full.asMillis()));
        lines.add("- p99 at paced load: %s".formatted(p99.asMillis()));
        return String.join("\n", lines);
    }

    private static String table(Map<String, List<Measured>> results, boolean withReferences) {
        Measured baseline = Measured.median(results.get(BASELINE));
        List<String> lines = new ArrayList<>();
        lines.add("| target | requests/s | vs bare SCG | p50 (ms) | p99 (ms) | p99 vs bare SCG (ms)"
                + " | gateway CPU per request (µs) |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, List<Measured>> target : results.entrySet()) {
            if (!withReferences
                    && (target.getKey().equals(DIRECT) || target.getKey().equals(NGINX))) {
                continue;
            }
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

    private static Gateway startBareGateway(Placement placement, String upstream) {
        int port = freePort();
        Path jar = jar(LocalFleet.projectRoot().resolve("bare-gateway/target"), "bare-gateway-");
        List<String> arguments = List.of("--server.port=" + port, "--bare.upstream=" + upstream);
        return launch(placement, "bare-gateway", port, jar, arguments);
    }

    /**
     * The control service (through {@link LocalFleet}), the route and its policy, and a Suture gateway started with the
     * same JVM options as the bare one.
     */
    private static Gateway startSutureGateway(Placement placement, LocalFleet fleet, Path root, String upstream) {
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
        return launch(placement, "suture-gateway", port, jar, arguments);
    }

    private static Gateway launch(Placement placement, String name, int port, Path jar, List<String> arguments) {
        List<String> command = new ArrayList<>(placement.gatewayPrefix());
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
        if (!onPath(tool)) {
            throw new IllegalStateException(tool + " is not installed: apt-get install wrk nginx-light");
        }
    }

    /** Whether {@code tool} is on the PATH or in /usr/sbin, where Debian puts nginx. */
    private static boolean onPath(String tool) {
        return Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(dir ->
                        Files.isExecutable(Path.of(dir, tool)) || Files.isExecutable(Path.of("/usr/sbin", tool)));
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

        /** A run of {@code seconds} with {@code connections}, paced by the wrk {@code script} when there is one. */
        Measured measure(Placement placement, int connections, int seconds, @Nullable Path script) {
            long before = cpuTicks();
            Wrk.Result load = Wrk.run(placement.loadPrefix(), url + "/bench/x", connections, seconds, script);
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

    /** What the command line asked for; see the class comment. */
    private record Settings(int rounds, int seconds, int connections, int warmup, int pauseMs) {}

    /**
     * Which CPUs the gateways run on and which the rest: the last CPU this process may use for the gateways, the
     * others for everything else. Without {@code taskset} or with a single CPU, everything shares every CPU.
     *
     * @param gatewayCpu the gateways' CPU, null when not pinned
     * @param loadCpus the other CPUs as {@code taskset} lists them, null when not pinned
     */
    private record Placement(
            @Nullable String gatewayCpu, @Nullable String loadCpus) {

        static Placement detect() {
            List<Integer> cpus = allowedCpus();
            if (cpus.size() < 2 || !onPath("taskset")) {
                return new Placement(null, null);
            }
            String load = cpus.subList(0, cpus.size() - 1).stream()
                    .map(String::valueOf)
                    .collect(Collectors.joining(","));
            return new Placement(String.valueOf(cpus.get(cpus.size() - 1)), load);
        }

        /** The CPUs of {@code Cpus_allowed_list} in /proc/self/status, such as {@code 0-3,6}. */
        private static List<Integer> allowedCpus() {
            try {
                String list = Files.readAllLines(Path.of("/proc/self/status")).stream()
                        .filter(line -> line.startsWith("Cpus_allowed_list:"))
                        .map(line -> line.substring(line.indexOf(':') + 1).trim())
                        .findFirst()
                        .orElse("");
                List<Integer> cpus = new ArrayList<>();
                for (String range : list.split(",")) {
                    if (range.isBlank()) {
                        continue;
                    }
                    String[] ends = range.split("-");
                    int first = Integer.parseInt(ends[0]);
                    int last = ends.length == 2 ? Integer.parseInt(ends[1]) : first;
                    for (int cpu = first; cpu <= last; cpu++) {
                        cpus.add(cpu);
                    }
                }
                return cpus;
            } catch (IOException | NumberFormatException unreadable) {
                return List.of();
            }
        }

        /**
         * Moves this process, every thread of it, to the load CPUs: the control service, nginx and wrk that it starts
         * inherit them.
         */
        void pinThisProcess() {
            if (loadCpus == null) {
                return;
            }
            try {
                Process taskset = new ProcessBuilder(
                                "taskset",
                                "-a",
                                "-p",
                                "-c",
                                loadCpus,
                                Long.toString(ProcessHandle.current().pid()))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (taskset.waitFor() != 0) {
                    throw new IllegalStateException("taskset could not pin the benchmark to CPUs " + loadCpus);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        List<String> gatewayPrefix() {
            return gatewayCpu == null ? List.of() : List.of("taskset", "-c", gatewayCpu);
        }

        List<String> loadPrefix() {
            return loadCpus == null ? List.of() : List.of("taskset", "-c", loadCpus);
        }

        String describe() {
            return gatewayCpu == null
                    ? "gateways, load and upstream share every CPU (one CPU, or no taskset)"
                    : "each gateway alone on CPU %s; wrk, nginx and the control service on CPU %s"
                            .formatted(gatewayCpu, loadCpus);
        }
    }

    /**
     * One figure of the Suture gateway against the bare one, compared round by round: the median of the rounds and
     * the lowest and highest.
     */
    private record Ratios(double median, double lowest, double highest) {

        static Ratios of(List<Measured> suture, List<Measured> bare, ToDoubleFunction<Measured> figure) {
            return summarise(suture, bare, figure, (ours, theirs) -> ours / theirs);
        }

        static Ratios differences(List<Measured> suture, List<Measured> bare, ToDoubleFunction<Measured> figure) {
            return summarise(suture, bare, figure, (ours, theirs) -> ours - theirs);
        }

        private static Ratios summarise(
                List<Measured> suture,
                List<Measured> bare,
                ToDoubleFunction<Measured> figure,
                DoubleBinaryOperator compare) {
            List<Double> rounds = new ArrayList<>();
            for (int round = 0; round < Math.min(suture.size(), bare.size()); round++) {
                rounds.add(compare.applyAsDouble(
                        figure.applyAsDouble(suture.get(round)), figure.applyAsDouble(bare.get(round))));
            }
            List<Double> sorted = rounds.stream().sorted().toList();
            return new Ratios(sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
        }

        String asPercent() {
            return "%.1f%% (%.1f%% to %.1f%%)".formatted(100 * median, 100 * lowest, 100 * highest);
        }

        String asMillis() {
            return "%+.2f ms (%+.2f to %+.2f ms)".formatted(median, lowest, highest);
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
