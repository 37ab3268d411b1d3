package dev.suture.control.incident;

import dev.suture.control.api.ActorHeader;
import dev.suture.control.api.InvalidRequestException;
import dev.suture.control.api.ItemPage;
import dev.suture.control.api.PageQuery;
import dev.suture.control.detection.RootCause;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The incident history API: list, read, acknowledge, annotate. There is no way to edit or delete an incident. */
@RestController
@RequestMapping("/api/v1/incidents")
class IncidentController {

    private static final Duration DEFAULT_SUMMARY_RANGE = Duration.ofDays(7);

    private final IncidentHistory history;
    private final Clock clock;

    IncidentController(IncidentHistory history, Clock clock) {
        this.history = history;
        this.clock = clock;
    }

    @GetMapping
    @Operation(operationId = "listIncidents", summary = "List incidents, newest first, optionally filtered")
    ItemPage<Incident> list(
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String route,
            @RequestParam(required = false) @Nullable String rootCause,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(defaultValue = PageQuery.PAGE_PARAM_DEFAULT) int page,
            @RequestParam(defaultValue = PageQuery.SIZE_PARAM_DEFAULT) int size) {
        IncidentFilter filter = new IncidentFilter(
                parse("state", state, IncidentState.class),
                route,
                parse("rootCause", rootCause, RootCause.class),
                instant("from", from),
                instant("to", to));
        return history.page(filter, new PageQuery(page, size));
    }

    @GetMapping("/summary")
    @Operation(
            operationId = "summarizeIncidents",
            summary = "Counts and time-to-detect/recover percentiles of incidents opened in a range (default 7 days)")
    IncidentSummary summary(
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to) {
        Instant end = to == null ? clock.instant() : instant("to", to);
        Instant start = from == null ? end.minus(DEFAULT_SUMMARY_RANGE) : instant("from", from);
        if (!start.isBefore(end)) {
            throw new InvalidRequestException("from", "must be before to");
        }
        return history.summary(start, end);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getIncident", summary = "Get an incident with its whole timeline")
    IncidentDetail get(@PathVariable long id) {
        return history.get(id);
    }

    @PostMapping("/{id}/acknowledge")
    @Operation(
            operationId = "acknowledgeIncident",
            summary = "Acknowledge an incident; the actor comes from the header")
    IncidentDetail acknowledge(
            @PathVariable long id, @RequestHeader(name = ActorHeader.NAME, required = false) @Nullable String actor) {
        return history.acknowledge(id, ActorHeader.parse(actor));
    }

    @PostMapping(path = "/{id}/notes", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "addIncidentNote", summary = "Add a note to an incident's timeline")
    IncidentDetail addNote(
            @PathVariable long id,
            @RequestBody NoteRequest note,
            @RequestHeader(name = ActorHeader.NAME, required = false) @Nullable String actor) {
        return history.addNote(id, note.text(), ActorHeader.parse(actor));
    }

    private static <E extends Enum<E>> @Nullable E parse(String field, @Nullable String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(
                    field, "must be one of " + Arrays.toString(type.getEnumConstants()) + " but was '" + value + "'");
        }
    }

    private static @Nullable Instant instant(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
