package dev.suture.local.walkthrough;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Watches one route during a scenario, once a second: prints what clients got in each whole second, the incident
 * that opens for the route (its root cause and summary), and every new entry of its timeline as it is written.
 *
 * <p>Not thread-safe: one scenario drives it from one thread.
 */
final class IncidentWatch {

    private static final Duration TICK = Duration.ofSeconds(1);

    private final AdminApi api;
    private final String controlUrl;
    private final String route;
    private final ClientTraffic traffic;
    private final Consumer<String> console;
    private final Clock clock;
    private final Instant since;
    private final long firstSecond;
    private long printedUpTo;
    private long incidentId = -1;
    private String rootCause = "";
    private String state = "";
    private int timelineShown;
    private boolean acted;

    IncidentWatch(
            AdminApi api,
            String controlUrl,
            String route,
            ClientTraffic traffic,
            Consumer<String> console,
            Clock clock) {
        this.api = api;
        this.controlUrl = controlUrl;
        this.route = route;
        this.traffic = traffic;
        this.console = console;
        this.clock = clock;
        this.since = clock.instant();
        this.firstSecond = since.getEpochSecond();
        this.printedUpTo = firstSecond - 1;
    }

    boolean opened() {
        return incidentId >= 0;
    }

    boolean acted() {
        return acted;
    }

    boolean resolved() {
        return state.equals("RESOLVED");
    }

    /** Keeps watching for {@code duration}. */
    void watchFor(Duration duration) {
        Instant end = clock.instant().plus(duration);
        while (clock.instant().isBefore(end)) {
            tick();
        }
    }

    /** Keeps watching until {@code reached}, failing with what it waited for after {@code timeout}. */
    void until(String what, Duration timeout, Predicate<IncidentWatch> reached) {
        Instant end = clock.instant().plus(timeout);
        while (!reached.test(this)) {
            if (!clock.instant().isBefore(end)) {
                throw new IllegalStateException("route " + route + ": no sign of " + what + " within " + timeout
                        + (opened() ? "; incident " + incidentId + " is " + state : ""));
            }
            tick();
        }
    }

    ScenarioOutcome outcome() {
        ClientTraffic.Tally total = traffic.total(firstSecond, clock.instant().getEpochSecond());
        console.accept(String.format(
                "   clients over the whole scenario: ok %d, shed %d, failed %d%s; incident %d %s, %s",
                total.ok(),
                total.shed(),
                total.failed(),
                total.failed() == 0 ? "" : " (" + total.failures() + ")",
                incidentId,
                rootCause,
                state));
        return new ScenarioOutcome(incidentId, rootCause, state, total.ok(), total.shed(), total.failed());
    }

    private void tick() {
        sleep(TICK);
        long lastWholeSecond = clock.instant().getEpochSecond() - 1;
        for (long second = printedUpTo + 1; second <= lastWholeSecond; second++) {
            ClientTraffic.Tally tally = traffic.second(second);
            console.accept(String.format(
                    "   %s  clients: ok %3d  shed %3d  failed %3d   (%d req/s)%s",
                    Instant.ofEpochSecond(second).toString().substring(11, 19),
                    tally.ok(),
                    tally.shed(),
                    tally.failed(),
                    traffic.rate(),
                    opened() ? "   incident " + incidentId + " " + state : ""));
        }
        printedUpTo = Math.max(printedUpTo, lastWholeSecond);
        follow();
    }

    private void follow() {
        if (!opened()) {
            JsonNode items = api.get(controlUrl + "/api/v1/incidents?route=" + route + "&from=" + since)
                    .body()
                    .path("items");
            if (items.isEmpty()) {
                return;
            }
            JsonNode first = items.get(items.size() - 1); // newest first: the last one opened first
            incidentId = first.get("id").asLong();
            rootCause = first.get("rootCause").asText();
            console.accept("   ** incident " + incidentId + " opened on route " + route + ": " + rootCause + " "
                    + first.get("severity").asText() + " - "
                    + first.get("summary").asText());
        }
        JsonNode detail =
                api.get(controlUrl + "/api/v1/incidents/" + incidentId).body();
        state = detail.path("incident").path("state").asText();
        JsonNode timeline = detail.path("timeline");
        for (int i = timelineShown; i < timeline.size(); i++) {
            JsonNode entry = timeline.get(i);
            String kind = entry.get("kind").asText();
            acted |= kind.equals("ACTION");
            console.accept(String.format(
                    "      %s %-15s %s",
                    entry.get("at").asText().substring(11, 19),
                    kind,
                    entry.get("message").asText()));
        }
        timelineShown = timeline.size();
    }

    /** Sleeps for {@code duration}; an interrupt ends the walkthrough. */
    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
