package dev.suture.gateway.readiness;

import dev.suture.gateway.routing.RoutingTable;
import dev.suture.gateway.routing.RoutingTableHolder;
import dev.suture.gateway.settings.GatewaySettings;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code snapshot} health contributor, part of the readiness group: OUT_OF_SERVICE until a snapshot is applied,
 * UP with its version after. It never goes back: a gateway that lost the control service keeps routing by its last
 * good snapshot and stays ready.
 */
@Component
final class SnapshotHealthIndicator implements HealthIndicator {

    private final RoutingTableHolder tables;
    private final GatewaySettings settings;

    SnapshotHealthIndicator(RoutingTableHolder tables, GatewaySettings settings) {
        this.tables = tables;
        this.settings = settings;
    }

    @Override
    public Health health() {
        RoutingTable table = tables.current();
        if (table.isEmpty()) {
            return Health.outOfService()
                    .withDetail("reason", "no snapshot yet from the control service or " + settings.snapshotFile())
                    .build();
        }
        return Health.up()
                .withDetail("version", table.version())
                .withDetail("routes", table.routeCount())
                .build();
    }
}
