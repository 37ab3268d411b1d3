package dev.suture.gateway.signal;

import dev.suture.gateway.routing.RoutingTable;
import dev.suture.model.signal.GatewayHealth;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;

/**
 * Reads this gateway's own health when a report window closes: whether it has a snapshot, how much CPU and heap the
 * process uses, and how many of its breakers are open. Runs once per window on the reporter's thread, never on the
 * request path.
 */
final class HealthSampler {

    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    GatewayHealth sample(RoutingTable table) {
        return new GatewayHealth(table.version() > 0, processCpuLoad(), heapUsedFraction(), table.openBreakers());
    }

    private double processCpuLoad() {
        if (os instanceof com.sun.management.OperatingSystemMXBean hotspot) {
            double load = hotspot.getProcessCpuLoad();
            return load >= 0 && load <= 1 ? load : -1;
        }
        return -1;
    }

    private double heapUsedFraction() {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        long limit = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        return limit <= 0 ? 0 : Math.min(1, (double) heap.getUsed() / limit);
    }
}
