package dev.suture.system.bench;

import dev.suture.system.Http;
import dev.suture.system.LocalFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Measures config propagation: the time from an admin API write to the acknowledgement of the resulting version by
 * every gateway of the fleet, for fleets of 1, 5 and 20 gateways. Two of them are real gateway processes (one for a
 * fleet of 1); the rest are {@link StreamClient}s that speak the same protocol without routing.
 *
 * <p>Each change is a PUT of a route with a different upstream. Its latency is the newest {@code appliedAt} among the
 * fleet's gateways (recorded by the control service when each ACK arrives) minus the moment just before the PUT was
 * sent, both on this machine's clock. Changes are made one at a time, after the previous one reached every gateway.
 *
 * <p>Run: see docs/benchmarks.md. Arguments: {@code changes=N} per fleet size (default 200).
 */
public final class ConfigPropagationBenchmark {

    private static final int[] FLEET_SIZES = {1, 5, 20};
    private static final int WARMUP_CHANGES = 30;

    private ConfigPropagationBenchmark() {}

    @SuppressWarnings("checkstyle:regexp") // a command-line benchmark: its report goes to the console
    public static void main(String[] args) throws IOException {
        int changes = args.length > 0 ? Integer.parseInt(args[0].replace("changes=", "")) : 200;
        List<String> report = new ArrayList<>();
        report.add("| gateways | real gateway processes | changes | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) |");
        report.add("|---:|---:|---:|---:|---:|---:|---:|");

        try (LocalFleet fleet = LocalFleet.create("benchmark")) {
            fleet.startControl();
            Http admin = fleet.admin();
            admin.post("/api/v1/routes", routeBody(0));
            List<String> members = new ArrayList<>();
            List<StreamClient> clients = new ArrayList<>();
            try {
                for (int size : FLEET_SIZES) {
                    grow(fleet, members, clients, size);
                    awaitApplied(admin, members, currentVersion(admin));
                    measure(admin, members, WARMUP_CHANGES);
                    List<Long> latencies = measure(admin, members, changes);
                    long real = members.stream()
                            .filter(id -> id.startsWith("gateway-"))
                            .count();
                    report.add(row(size, real, latencies));
                    System.out.println(report.get(report.size() - 1));
                }
            } finally {
                clients.forEach(StreamClient::close);
            }
        }

        String text = String.join("\n", report);
        Path out = Path.of("target", "benchmarks", "config-propagation.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text + "\n");
        System.out.println();
        System.out.println(text);
    }

    private static void grow(LocalFleet fleet, List<String> members, List<StreamClient> clients, int size) {
        while (members.size() < size) {
            if (members.size() < 2) {
                String id = "gateway-" + (members.size() + 1);
                fleet.startGateway(id);
                members.add(id);
            } else {
                StreamClient client = new StreamClient(fleet.controlUrl(), "stream-client-" + members.size());
                clients.add(client);
                members.add(client.id());
            }
        }
    }

    private static List<Long> measure(Http admin, List<String> members, int changes) {
        List<Long> latencies = new ArrayList<>(changes);
        for (int i = 1; i <= changes; i++) {
            long before = currentVersion(admin);
            Instant sent = Instant.now();
            Http.Response response = admin.put("/api/v1/routes/bench", routeBody(i), Map.of());
            if (response.status() != 200) {
                throw new IllegalStateException("route update failed: " + response.body());
            }
            long version = awaitNewVersion(admin, before);
            Instant lastAck = awaitApplied(admin, members, version);
            latencies.add(Duration.between(sent, lastAck).toNanos() / 1_000);
        }
        return latencies;
    }

    private static long awaitNewVersion(Http admin, long before) {
        for (long deadline = System.nanoTime() + 10_000_000_000L; System.nanoTime() < deadline; ) {
            long version = currentVersion(admin);
            if (version > before) {
                return version;
            }
            pause();
        }
        throw new IllegalStateException("no new config version after version " + before);
    }

    /** Waits until every member acknowledged {@code version}; returns when the last of them did. */
    private static Instant awaitApplied(Http admin, List<String> members, long version) {
        Set<String> wanted = Set.copyOf(members);
        for (long deadline = System.nanoTime() + 30_000_000_000L; System.nanoTime() < deadline; ) {
            Instant last = Instant.MIN;
            int applied = 0;
            for (JsonNode gateway :
                    admin.get("/api/v1/gateways?size=200").json().get("items")) {
                if (wanted.contains(gateway.get("id").asText())
                        && gateway.get("appliedVersion").asLong() >= version) {
                    applied++;
                    Instant at = Instant.parse(gateway.get("appliedAt").asText());
                    last = at.isAfter(last) ? at : last;
                }
            }
            if (applied == wanted.size()) {
                return last;
            }
            pause();
        }
        throw new IllegalStateException("not every gateway applied version " + version);
    }

    private static long currentVersion(Http admin) {
        return admin.get("/api/v1/config").json().get("version").asLong();
    }

    private static String routeBody(int change) {
        return """
                {"id": "bench", "path": "/bench/**", "upstreams": [{"url": "http://127.0.0.1:%d"}]}
                """.formatted(20_000 + change % 1_000);
    }

    private static String row(int size, long real, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        return "| %d | %d | %d | %s | %s | %s | %s |"
                .formatted(
                        size,
                        real,
                        sorted.size(),
                        millis(percentile(sorted, 0.50)),
                        millis(percentile(sorted, 0.90)),
                        millis(percentile(sorted, 0.99)),
                        millis(sorted.get(sorted.size() - 1)));
    }

    private static long percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static String millis(long micros) {
        return String.format("%.1f", micros / 1000.0);
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
