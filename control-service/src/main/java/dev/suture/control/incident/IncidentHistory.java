package dev.suture.control.incident;

import dev.suture.control.api.ItemPage;
import dev.suture.control.api.PageQuery;
import dev.suture.control.api.ResourceNotFoundException;
import dev.suture.control.healing.ActionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The incident history as operators read and annotate it. Operators add to a timeline (acknowledgements, notes) but
 * never change or remove what healing recorded.
 */
@Service
@Transactional
public class IncidentHistory {

    private final IncidentStore store;
    private final ActionStore actions;
    private final Clock clock;

    IncidentHistory(IncidentStore store, ActionStore actions, Clock clock) {
        this.store = store;
        this.actions = actions;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public ItemPage<Incident> page(IncidentFilter filter, PageQuery query) {
        return ItemPage.of(store.page(filter, query), query, store.count(filter));
    }

    /** The incident with its timeline; throws {@link ResourceNotFoundException} when there is none by that id. */
    @Transactional(readOnly = true)
    public IncidentDetail get(long id) {
        Incident incident = find(id);
        return new IncidentDetail(incident, actions.active(id), store.timeline(id));
    }

    @Transactional(readOnly = true)
    public IncidentSummary summary(Instant from, Instant to) {
        return store.summary(from, to);
    }

    /** Marks the incident acknowledged; a second acknowledgement is recorded in the timeline but the first stands. */
    public IncidentDetail acknowledge(long id, @Nullable String actor) {
        find(id);
        String who = actor == null ? "unknown" : actor;
        Instant at = clock.instant();
        boolean first = store.acknowledge(id, who, at);
        String message = first ? "acknowledged by " + who : "acknowledged again by " + who;
        store.append(id, new TimelineEntry(at, TimelineKind.ACKNOWLEDGED, message, Map.of(), false, who));
        return get(id);
    }

    public IncidentDetail addNote(long id, String text, @Nullable String actor) {
        find(id);
        store.append(id, new TimelineEntry(clock.instant(), TimelineKind.NOTE, text, Map.of(), false, actor));
        return get(id);
    }

    private Incident find(long id) {
        return store.find(id).orElseThrow(() -> new ResourceNotFoundException("incident", Long.toString(id)));
    }
}
