package dev.suture.system.bench;

import dev.suture.system.FaultyUpstream;
import dev.suture.system.Http;
import dev.suture.system.LocalFleet;
import dev.suture.system.TrafficGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Measures self-healing over repeated fault injections on a fleet of two real gateways, side by side for two timing
 * configurations in one run: the defaults (reports every second, closed early when an instance's connection failures
 * in a row reach the policy's threshold; detection every 250 ms) and a fast one (reports every 250 ms too).
 *
 * <p>Each fault stops one of a route's three instances while six clients send steady traffic through both gateways,
 * and measures, from the moment the instance stopped listening:
 *
 * <ul>
 *   <li>detection: the incident's {@code openedAt};
 *   <li>fleet-wide reroute: the later of the two gateways' acknowledgement of the config version that ejects it;
 *   <li>clients normal: the last failed client request sent after the fault;
 *   <li>failed client requests per fault.
 * </ul>
 *
 * <p>The instance then comes back, and the next fault waits until the incident has resolved. Run: see
 * docs/benchmarks.md. Argument: {@code faults=N} per configuration (default 10).
 */
public final class HealingBenchmark {

    private static final String POLICY = """
            {"name": "bench",
             "detection": {
               "errorRate": {"threshold": 0.3, "windowSeconds": 2, "minRequests": 5},
               "connectionFailures": {"consecutive": 3, "windowSeconds": 2}},
             "ejection": {"baseEjectionSeconds": 10, "maxEjectionSeconds": 10, "maxEjectedPercent": 50}}
            """;

    private HealingBenchmark() {}

    @SuppressWarnings("checkstyle:regexp") // a command-line benchmark: its report goes to the console
    public static void main(String[] args) throws IOException {
        int faults = args.length > 0 ? Integer.parseInt(args[0].replace("faults=", "")) : 10;
        List<String> report = new ArrayList<>();
        report.add("| configuration | faults | detection p50 / p99 (ms) | fleet reroute p50 / p99 (ms)"
                + " | clients normal p50 / p99 (ms) | failed requests per fault, mean / max |");
        report.add("|---|---:|---:|---:|---:|---:|");
        report.add(run("defaults: report 1s (early on a streak), detection 250ms", "1s", faults));
        System.out.println(report.get(report.size() - 1));
        report.add(run("fast: report 250ms, detection 250ms", "250ms", faults));
        System.out.println(report.get(report.size() - 1));

        String text = String.join("\n", report);
        Path out = Path.of("target", "benchmarks", "healing.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text + "\n");
        System.out.println();
        System.out.println(text);
    }

    private static String run(String name, String reportInterval, int faults) {
        List<Long> detection = new ArrayList<>();
        List<Long> reroute = new ArrayList<>();
        List<Long> normal = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        List<FaultyUpstream> pool = List.of(
                FaultyUpstream.start("bench-0"), FaultyUpstream.start("bench-1"), FaultyUpstream.start("bench-2"));
        try (LocalFleet fleet = LocalFleet.create("healing-benchmark")) {
            fleet.startControl("--suture.healing.recovery-hold=2s", "--suture.healing.probation-period=2s");
            for (String gateway : List.of("bench-a", "bench-b")) {
                fleet.startGateway(gateway, "--suture.gateway.report-interval=" + reportInterval);
            }
            Http admin = fleet.admin();
            admin.post("/api/v1/policies", POLICY);
            admin.post("/api/v1/routes", route(pool));
            List<String> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(fleet.gatewayUrl("bench-a"));
                clients.add(fleet.gatewayUrl("bench-b"));
            }
            try (TrafficGenerator traffic = new TrafficGenerator(clients, "/bench/x", Duration.ofMillis(10))) {
                for (int i = 0; i < faults; i++) {
                    Fault fault = inject(admin, traffic, pool.get(1));
                    detection.add(fault.detectionMs());
                    reroute.add(fault.rerouteMs());
                    normal.add(fault.clientsNormalMs());
                    failed.add(fault.failedRequests());
                }
            }
        } finally {
            pool.forEach(FaultyUpstream::close);
        }
        return "| %s | %d | %s | %s | %s | %.1f / %d |"
                .formatted(
                        name,
                        faults,
                        pair(detection),
                        pair(reroute),
                        pair(normal),
                        failed.stream().mapToLong(Long::longValue).average().orElse(0),
                        Collections.max(failed));
    }

    private static Fault inject(Http admin, TrafficGenerator traffic, FaultyUpstream victim) {
        long lastIncident = awaitNoOpenIncident(admin);
        sleep(1_000); // a second of healthy traffic in every window before the fault

        Instant fault = Instant.now();
        victim.down();
        JsonNode incident = await("an incident", () -> newestIncident(admin, lastIncident));
        long id = incident.get("id").asLong();
        long version = await("the ejection's config version", () -> pushedVersion(admin, id));
        Instant applied = await("every gateway applying it", () -> fleetAppliedAt(admin, version));
        sleep(3_000); // let clients run on the healed config before judging when failures stopped

        List<TrafficGenerator.Seen> since = traffic.since(fault);
        long failedRequests = since.stream().filter(s -> !s.ok()).count();
        Instant lastFailure = since.stream()
                .filter(s -> !s.ok())
                .map(TrafficGenerator.Seen::at)
                .max(Instant::compareTo)
                .orElse(fault);
        victim.up();
        return new Fault(
                millis(fault, Instant.parse(incident.get("openedAt").asText())),
                millis(fault, applied),
                millis(fault, lastFailure),
                failedRequests);
    }

    private static long awaitNoOpenIncident(Http admin) {
        return await("no open incident", () -> {
            JsonNode items =
                    admin.get("/api/v1/incidents?route=bench&size=1").json().get("items");
            if (items.isEmpty()) {
                return 0L;
            }
            return items.get(0).get("state").asText().equals("RESOLVED")
                    ? items.get(0).get("id").asLong()
                    : null;
        });
    }

    private static JsonNode newestIncident(Http admin, long lastIncident) {
        JsonNode items =
                admin.get("/api/v1/incidents?route=bench&size=1").json().get("items");
        return !items.isEmpty() && items.get(0).get("id").asLong() > lastIncident ? items.get(0) : null;
    }

    private static Long pushedVersion(Http admin, long incidentId) {
        for (JsonNode entry :
                admin.get("/api/v1/incidents/" + incidentId).json().get("timeline")) {
            if (entry.get("kind").asText().equals("CONFIG_PUSHED")) {
                return entry.get("details").get("version").asLong();
            }
        }
        return null;
    }

    /** When the last gateway acknowledged {@code version}, or null while one has not. */
    private static Instant fleetAppliedAt(Http admin, long version) {
        Instant last = Instant.MIN;
        for (JsonNode gateway : admin.get("/api/v1/gateways").json().get("items")) {
            if (gateway.get("appliedVersion").asLong() < version) {
                return null;
            }
            Instant at = Instant.parse(gateway.get("appliedAt").asText());
            last = at.isAfter(last) ? at : last;
        }
        return last;
    }

    private static String route(List<FaultyUpstream> pool) {
        return """
                {"id": "bench", "path": "/bench/**", "policy": "bench", "responseTimeoutMs": 1000,
                 "upstreams": [{"url": "%s"}, {"url": "%s"}, {"url": "%s"}]}
                """.formatted(pool.get(0).url(), pool.get(1).url(), pool.get(2).url());
    }

    private static <T> T await(String what, java.util.function.Supplier<T> probe) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            sleep(5);
        }
        throw new IllegalStateException("timed out waiting for " + what);
    }

    private static long millis(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    private static String pair(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return percentile(sorted, 0.5) + " / " + percentile(sorted, 0.99);
    }

    private static long percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Fault(long detectionMs, long rerouteMs, long clientsNormalMs, long failedRequests) {}
}
