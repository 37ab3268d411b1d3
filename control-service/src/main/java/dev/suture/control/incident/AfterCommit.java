package dev.suture.control.incident;

import java.util.ArrayList;
import java.util.List;

/**
 * Effects of one incident's tick that must wait until its transaction commits: a config build must read the
 * committed overlay, and nobody outside should hear of an action or a state that could still roll back.
 */
final class AfterCommit {

    private final List<Runnable> effects = new ArrayList<>();
    private boolean overlayChanged;

    void overlayChanged() {
        overlayChanged = true;
    }

    boolean isOverlayChanged() {
        return overlayChanged;
    }

    void then(Runnable effect) {
        effects.add(effect);
    }

    void run() {
        effects.forEach(Runnable::run);
    }
}
