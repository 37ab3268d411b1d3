package dev.suture.control.revision;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;

/**
 * A stored spec with the fields the server owns. In JSON the spec's fields and these sit side by side in one object,
 * which is what the API returns.
 *
 * @param spec the spec as the client declared it, with defaults filled in
 * @param version increases by one with every change; it is the number of the latest revision, and the ETag
 * @param createdAt when the entity was created (a re-created entity starts again)
 * @param updatedAt when the entity last changed
 */
public record Versioned<S>(@JsonUnwrapped S spec, long version, Instant createdAt, Instant updatedAt) {}
