package dev.suture.gateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The routing table in force. Requests read it with one volatile read; applying a snapshot replaces it whole, so a
 * request never sees half of one version and half of another.
 *
 * <p>Replaced tables are also queued for the signal reporter, which drains their recorders once more: requests that
 * picked an instance from a table just before it was replaced still count, even when the new table dropped that
 * instance. The queue holds the tables replaced during one report window, and never more than {@link #MAX_REPLACED}
 * (the oldest go first), so that it stays bounded should nobody drain it.
 */
@Component
public final class RoutingTableHolder {

    private final AtomicReference<RoutingTable> current = new AtomicReference<>(RoutingTable.EMPTY);
    static final int MAX_REPLACED = 64;

    private final ConcurrentLinkedQueue<RoutingTable> replaced = new ConcurrentLinkedQueue<>();
    private final AtomicInteger replacedCount = new AtomicInteger();

    public RoutingTable current() {
        return current.get();
    }

    /** Puts {@code next} in force and returns the table it replaced. Only the snapshot applier calls this. */
    public RoutingTable swap(RoutingTable next) {
        RoutingTable previous = current.getAndSet(next);
        replaced.add(previous);
        if (replacedCount.incrementAndGet() > MAX_REPLACED && replaced.poll() != null) {
            replacedCount.decrementAndGet();
        }
        return previous;
    }

    /** The tables replaced since the last call, oldest first. */
    public List<RoutingTable> takeReplaced() {
        List<RoutingTable> taken = new ArrayList<>();
        for (RoutingTable table = replaced.poll(); table != null; table = replaced.poll()) {
            replacedCount.decrementAndGet();
            taken.add(table);
        }
        return taken;
    }
}
