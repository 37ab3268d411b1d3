package dev.suture.gateway.routing;

import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The routing table in force. Requests read it with one volatile read; applying a snapshot replaces it whole, so a
 * request never sees half of one version and half of another.
 */
@Component
public final class RoutingTableHolder {

    private final AtomicReference<RoutingTable> current = new AtomicReference<>(RoutingTable.EMPTY);

    public RoutingTable current() {
        return current.get();
    }

    /** Puts {@code next} in force and returns the table it replaced. Only the snapshot applier calls this. */
    public RoutingTable swap(RoutingTable next) {
        return current.getAndSet(next);
    }
}
