package dev.suture.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.suture.local.DemoService;
import dev.suture.local.LocalOptions;
import dev.suture.local.LocalSystem;
import dev.suture.local.SutureJars;
import dev.suture.local.walkthrough.ScenarioOutcome;
import dev.suture.local.walkthrough.Walkthrough;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What {@code ./run-local.sh --demo} does, through the local runner's own code: the whole local topology (control
 * service on embedded PostgreSQL, two gateways, the demo upstreams) on free ports, the walkthrough's first scenario
 * played against it, and a shutdown that leaves no process and no port behind.
 */
class LocalRunIT {

    @Test
    void theLocalSystemHealsAnInstanceThatStopsListeningAndStopsWithoutLeavingAnythingBehind() throws IOException {
        Path data = Files.createTempDirectory("suture-local-run-");
        LocalOptions options =
                LocalOptions.defaults().onFreePorts().withDataDir(data).withDemo(true);
        Path consoleLog = Path.of("target", "service-logs", "local-run-walkthrough.log");
        Files.createDirectories(consoleLog.getParent());
        List<ProcessHandle> processes;
        List<Integer> ports;
        try (PrintWriter console = new PrintWriter(Files.newBufferedWriter(consoleLog, StandardCharsets.UTF_8), true);
                LocalSystem system =
                        LocalSystem.start(SutureJars.in(LocalFleet.projectRoot()), options, console::println)) {
            assertThat(system.gatewayUrls()).as("gateways by default").hasSize(2);
            assertThat(system.topology().services())
                    .extracting(DemoService::name)
                    .containsExactly("orders", "inventory");

            Walkthrough walkthrough = new Walkthrough(system.topology(), console::println);
            walkthrough.declare();
            ScenarioOutcome outcome = walkthrough.instanceStopsListening();

            assertTheIncidentRanItsCourse(new Http(system.controlUrl()), outcome, system);
            assertThat(outcome.failed())
                    .as("client requests that failed while orders-2 was down, of %d", outcome.ok())
                    .isLessThan(outcome.ok() / 20);
            processes = system.processes();
            ports = system.ports();
        }

        assertThat(processes)
                .as("the services and what they started, PostgreSQL included")
                .hasSizeGreaterThan(5);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(processes)
                        .as("processes still alive after the system stopped")
                        .noneMatch(ProcessHandle::isAlive));
        assertThat(ports)
                .as("control, gateways (traffic and management), demo upstreams, PostgreSQL")
                .hasSize(1 + 2 * 2 + 2 * (1 + LocalOptions.INSTANCES_PER_SERVICE) + 1);
        assertThat(ports).as("ports still taken after the system stopped").allMatch(LocalRunIT::isFree);
        assertThat(Files.readString(consoleLog))
                .as("every service, the control service's PostgreSQL included, stopped on its own")
                .doesNotContain("left running");
    }

    private static void assertTheIncidentRanItsCourse(Http admin, ScenarioOutcome outcome, LocalSystem system) {
        String broken = system.topology().service("orders").instances().get(1).url();
        JsonNode detail = admin.get("/api/v1/incidents/" + outcome.incidentId()).json();
        JsonNode incident = detail.get("incident");

        assertThat(incident.get("routeId").asText()).isEqualTo("orders");
        assertThat(incident.get("rootCause").asText()).isEqualTo("INSTANCE_DOWN");
        assertThat(incident.get("instances").toString()).contains(broken);
        assertThat(incident.get("state").asText()).isEqualTo("RESOLVED");
        assertThat(incident.get("resolvedAt").isNull()).isFalse();
        assertThat(detail.get("activeActions")).as("actions left in force").isEmpty();

        List<String> kinds = new ArrayList<>();
        List<String> states = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        detail.get("timeline").forEach(entry -> {
            String kind = entry.get("kind").asText();
            kinds.add(kind);
            if (kind.equals("STATE_CHANGE")) {
                states.add(entry.get("details").get("to").asText());
            } else if (kind.equals("ACTION")) {
                actions.add(entry.get("details").path("type").asText());
            }
        });
        assertThat(kinds.get(0)).isEqualTo("DETECTED");
        assertThat(kinds).contains("ACTION", "CONFIG_PUSHED", "ACTION_ENDED");
        assertThat(actions).as("actions taken").contains("EJECTION", "PROBATION");
        assertThat(states)
                .as("states the incident went through")
                .containsSubsequence("MITIGATING", "RECOVERING", "RESOLVED");
        assertThat(states.get(states.size() - 1)).isEqualTo("RESOLVED");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }
}
