package dev.suture.control.snapshot;

import dev.suture.model.snapshot.ConfigSnapshot;

/**
 * A new config version exists and is stored. Published once per version, in version order, on the publisher's
 * thread.
 *
 * @param snapshot the new snapshot
 * @param json the snapshot serialized once, so that every gateway is sent the same bytes without re-encoding
 */
public record SnapshotPublished(ConfigSnapshot snapshot, String json) {}
