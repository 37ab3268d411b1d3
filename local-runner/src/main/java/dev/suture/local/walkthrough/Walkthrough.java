package dev.suture.local.walkthrough;

import dev.suture.local.DemoService;
import dev.suture.local.Topology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/**
 * The scripted walkthrough of {@code ./run-local.sh --demo}. It declares a route per demo service and a policy with
 * short windows, then plays two scenarios under steady client traffic, printing each second what clients saw and each
 * step of the incident Suture opened, until it is resolved:
 *
 * <ol>
 *   <li>{@link #instanceStopsListening}: one orders instance refuses connections; it is ejected, comes back on
 *       probation, and the incident resolves;
 *   <li>{@link #serviceOverload}: clients burst to eight times their rate and every inventory instance slows down;
 *       the route is rate limited, the limit ramps back out, and the incident resolves.
 * </ol>
 *
 * It ends with the incident history as the admin API returns it.
 */
public final class Walkthrough {

    /** The policy both routes name: windows of a few seconds, so that each scenario plays out in under a minute. */
    public static final String POLICY = """
            {"name": "demo",
             "description": "short windows so that the walkthrough plays out in seconds",
             "detection": {
               "errorRate": {"threshold": 0.3, "windowSeconds": 3, "minRequests": 10},
               "connectionFailures": {"consecutive": 3, "windowSeconds": 3},
               "overload": {"trafficIncreaseFactor": 3, "latencyIncreaseFactor": 2, "windowSeconds": 3,
                            "minRequests": 20}},
             "ejection": {"baseEjectionSeconds": 5, "maxEjectionSeconds": 60, "maxEjectedPercent": 50},
             "trafficShaping": {"minCapFraction": 0.2, "rampFactor": 2, "rampIntervalSeconds": 2}}
            """;

    private static final int STEADY_RATE = 20;
    private static final int OVERLOAD_BASELINE_RATE = 10;
    private static final int OVERLOAD_BURST_RATE = 80;
    private static final Duration TO_OPEN = Duration.ofSeconds(40);
    private static final Duration TO_ACT = Duration.ofSeconds(40);
    private static final Duration TO_RESOLVE = Duration.ofSeconds(150);

    private final Topology topology;
    private final Consumer<String> console;
    private final Clock clock;
    private final AdminApi api = new AdminApi();
    private final Instant startedAt;

    public Walkthrough(Topology topology, Consumer<String> console) {
        this(topology, console, Clock.systemUTC());
    }

    Walkthrough(Topology topology, Consumer<String> console, Clock clock) {
        this.topology = topology;
        this.console = console;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** The whole walkthrough: declare, both scenarios, then the history. */
    public void run() {
        declare();
        instanceStopsListening();
        serviceOverload();
        printHistory();
    }

    /** Declares the {@code demo} policy and one route per demo service, replacing them when they exist. */
    public void declare() {
        console.accept("");
        console.accept("== Declaring the demo policy and a route per demo service");
        api.createOrReplace(topology.controlUrl() + "/api/v1/policies", "demo", POLICY);
        console.accept("   policy demo: 3 s detection windows, 5 s first ejection, rate limits ramping x2 every 2 s");
        for (DemoService service : topology.services()) {
            api.createOrReplace(topology.controlUrl() + "/api/v1/routes", service.name(), route(service));
            console.accept("   route " + service.name() + ": /" + service.name() + "/** -> "
                    + service.instances().stream()
                            .map(DemoService.Instance::url)
                            .toList());
        }
        awaitRoutesServed();
    }

    /** Waits until every gateway serves every route, so that no scenario starts before its config has arrived. */
    private void awaitRoutesServed() {
        Instant end = clock.instant().plus(TO_OPEN);
        for (String gateway : topology.gatewayUrls()) {
            for (DemoService service : topology.services()) {
                String url = gateway + "/" + service.name() + "/ready";
                while (api.get(url).status() != 200) {
                    if (!clock.instant().isBefore(end)) {
                        throw new IllegalStateException(url + " did not answer 200 within " + TO_OPEN);
                    }
                    IncidentWatch.sleep(Duration.ofMillis(200));
                }
            }
        }
        console.accept("   every gateway serves both routes");
    }

    /** Scenario 1: {@code orders-2} stops listening while clients send 20 requests per second. */
    public ScenarioOutcome instanceStopsListening() {
        DemoService orders = topology.service("orders");
        DemoService.Instance broken = orders.instances().get(1);
        console.accept("");
        console.accept("== Scenario 1: an instance stops listening");
        try (ClientTraffic traffic = traffic("/orders/demo", STEADY_RATE)) {
            IncidentWatch watch = new IncidentWatch(api, topology.controlUrl(), "orders", traffic, console, clock);
            watch.watchFor(Duration.ofSeconds(5));

            console.accept("   >> breaking " + broken.name() + " (" + broken.url() + "): it stops listening");
            fault(orders, broken, "PUT", "?listening=false");
            watch.until("an incident opens", TO_OPEN, IncidentWatch::opened);
            watch.until("a healing action", TO_ACT, IncidentWatch::acted);
            watch.watchFor(Duration.ofSeconds(2));

            console.accept("   >> " + broken.name() + " is back: it listens again");
            fault(orders, broken, "DELETE", "");
            watch.until("the incident resolves", TO_RESOLVE, IncidentWatch::resolved);
            return watch.outcome();
        }
    }

    /** Scenario 2: clients burst from 10 to 80 requests per second, more than inventory's 3 instances handle. */
    public ScenarioOutcome serviceOverload() {
        console.accept("");
        console.accept("== Scenario 2: the whole inventory service is overloaded");
        try (ClientTraffic traffic = traffic("/inventory/demo", OVERLOAD_BASELINE_RATE)) {
            IncidentWatch watch = new IncidentWatch(api, topology.controlUrl(), "inventory", traffic, console, clock);
            watch.watchFor(Duration.ofSeconds(8));

            console.accept("   >> a burst: clients send " + OVERLOAD_BURST_RATE + " requests per second; each"
                    + " instance slows down past its capacity");
            traffic.rate(OVERLOAD_BURST_RATE);
            watch.until("an incident opens", TO_OPEN, IncidentWatch::opened);
            watch.until("a healing action", TO_ACT, IncidentWatch::acted);
            watch.watchFor(Duration.ofSeconds(5));

            console.accept(
                    "   >> the burst is over: clients are back to " + OVERLOAD_BASELINE_RATE + " requests per second");
            traffic.rate(OVERLOAD_BASELINE_RATE);
            watch.until("the incident resolves", TO_RESOLVE, IncidentWatch::resolved);
            return watch.outcome();
        }
    }

    /** Prints this run's incidents and their summary, as the admin API returns them. */
    public void printHistory() {
        String from = "?from=" + startedAt;
        console.accept("");
        console.accept("== Incident history: GET /api/v1/incidents" + from);
        console.accept(pretty(
                api.get(topology.controlUrl() + "/api/v1/incidents" + from).body()));
        console.accept("== GET /api/v1/incidents/summary" + from);
        console.accept(pretty(api.get(topology.controlUrl() + "/api/v1/incidents/summary" + from)
                .body()));
        console.accept("Each incident's whole timeline: GET " + topology.controlUrl() + "/api/v1/incidents/{id}");
    }

    private ClientTraffic traffic(String path, int rate) {
        console.accept(
                "   clients send " + rate + " requests per second to " + path + " through " + topology.gatewayUrls());
        return new ClientTraffic(topology.gatewayUrls(), path, rate, clock);
    }

    private void fault(DemoService service, DemoService.Instance instance, String method, String query) {
        String url = service.faultApiUrl() + "/instances/" + instance.name() + "/faults" + query;
        AdminApi.Answer answer = method.equals("DELETE") ? api.delete(url) : api.put(url, "");
        if (!answer.ok()) {
            throw new IllegalStateException(method + " " + url + " answered " + answer);
        }
    }

    private static String route(DemoService service) {
        StringBuilder upstreams = new StringBuilder();
        for (DemoService.Instance instance : service.instances()) {
            upstreams
                    .append(upstreams.length() == 0 ? "" : ", ")
                    .append("{\"url\": \"")
                    .append(instance.url())
                    .append("\"}");
        }
        return """
                {"id": "%s", "path": "/%s/**", "upstreams": [%s], "policy": "demo", "responseTimeoutMs": 3000}
                """.formatted(service.name(), service.name(), upstreams);
    }

    private static String pretty(JsonNode json) {
        return AdminApi.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
    }
}
