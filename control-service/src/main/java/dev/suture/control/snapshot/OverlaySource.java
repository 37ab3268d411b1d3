package dev.suture.control.snapshot;

import dev.suture.model.snapshot.HealingOverlay;

/**
 * Where the healing overlay of the next snapshot comes from. Healing writes its ejections and failovers there and
 * then asks the {@link ConfigPublisher} for a rebuild.
 */
public interface OverlaySource {

    HealingOverlay currentOverlay();
}
