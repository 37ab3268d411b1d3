package dev.suture.gateway.snapshot;

import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Applies the snapshot kept on disk before the gateway takes traffic, so that a gateway restarted while the control
 * service is down still routes by its last good config. Runs in an early lifecycle phase: after every bean exists
 * (Spring Cloud Gateway's route cache listens for refreshes by then) and before the web server starts.
 */
@Component
final class StoredSnapshotLoader implements SmartLifecycle {

    /** Well before the web server, which starts at {@code Integer.MAX_VALUE - 2048}. */
    static final int PHASE = 0;

    private static final Logger log = LoggerFactory.getLogger(StoredSnapshotLoader.class);

    private final SnapshotStore store;
    private final SnapshotApplier applier;
    private volatile boolean running;

    StoredSnapshotLoader(SnapshotStore store, SnapshotApplier applier) {
        this.store = store;
        this.applier = applier;
    }

    @Override
    public void start() {
        running = true;
        Optional<String> stored = read();
        if (stored.isEmpty()) {
            log.info("no stored snapshot file={}; not ready until the control service sends one", store.file());
            return;
        }
        ApplyResult result = applier.apply(stored.get(), SnapshotApplier.Source.STORE);
        if (result instanceof ApplyResult.Rejected) {
            log.warn("stored snapshot unusable file={}; not ready until the control service sends one", store.file());
        }
    }

    private Optional<String> read() {
        try {
            return store.load();
        } catch (IOException e) {
            log.warn("could not read stored snapshot file={}: {}", store.file(), e.toString());
            return Optional.empty();
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
