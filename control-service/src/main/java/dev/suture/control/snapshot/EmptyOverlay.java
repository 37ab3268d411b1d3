package dev.suture.control.snapshot;

import dev.suture.model.snapshot.HealingOverlay;
import org.springframework.stereotype.Component;

/** The overlay while no automatic healing is wired in: nothing ejected, nothing failed over. */
@Component
class EmptyOverlay implements OverlaySource {

    @Override
    public HealingOverlay currentOverlay() {
        return HealingOverlay.EMPTY;
    }
}
