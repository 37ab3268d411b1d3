package dev.suture.control.incident;

import dev.suture.control.healing.HealingAction;
import java.util.List;

/**
 * An incident with its whole timeline and the actions it has in force.
 *
 * @param incident the incident
 * @param activeActions actions in force now, dry-run ones included
 * @param timeline every entry, oldest first
 */
public record IncidentDetail(Incident incident, List<HealingAction> activeActions, List<TimelineEntry> timeline) {

    public IncidentDetail {
        activeActions = List.copyOf(activeActions);
        timeline = List.copyOf(timeline);
    }
}
