package dev.suture.control.revision;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A change about to be recorded as a revision, in the transaction that makes it.
 *
 * @param kind what changed
 * @param entityId the route id or policy name
 * @param revision the entity's version after the change
 * @param action what the change did
 * @param actor who made it, or null when unknown
 * @param at when it was made
 * @param spec the spec after the change, null for a delete
 * @param changedFields dotted paths that an update changed; empty otherwise
 */
public record Change(
        RevisionKind kind,
        String entityId,
        long revision,
        RevisionAction action,
        @Nullable String actor,
        Instant at,
        @Nullable Object spec,
        List<String> changedFields) {

    public Change {
        changedFields = List.copyOf(changedFields);
    }

    public static Change created(RevisionKind kind, String entityId, Versioned<?> entity, @Nullable String actor) {
        return new Change(
                kind,
                entityId,
                entity.version(),
                RevisionAction.CREATED,
                actor,
                entity.updatedAt(),
                entity.spec(),
                List.of());
    }

    public static Change updated(
            RevisionKind kind, String entityId, Versioned<?> entity, @Nullable String actor, List<String> changed) {
        return new Change(
                kind,
                entityId,
                entity.version(),
                RevisionAction.UPDATED,
                actor,
                entity.updatedAt(),
                entity.spec(),
                changed);
    }

    public static Change deleted(
            RevisionKind kind, String entityId, long revision, Instant at, @Nullable String actor) {
        return new Change(kind, entityId, revision, RevisionAction.DELETED, actor, at, null, List.of());
    }
}
