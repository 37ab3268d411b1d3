package dev.suture.control.revision;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One change of a route or policy, as the history endpoints return it.
 *
 * @param revision the entity's version after this change; numbers keep counting across a delete and re-create
 * @param action what the change did
 * @param actor who made it, from the {@code X-Suture-Actor} header; null when the header was absent
 * @param at when the change was made
 * @param changedFields for an update, the dotted paths of the fields that changed, such as {@code retry.maxAttempts};
 *     empty for a create or a delete
 * @param spec the spec after the change, as stored then; null for a delete
 */
public record Revision(
        long revision,
        RevisionAction action,
        @Nullable String actor,
        Instant at,
        List<String> changedFields,

        @Schema(
                implementation = Object.class,
                types = {"object", "null"},
                description = "the spec after the change")
        @Nullable
        JsonNode spec) {}
