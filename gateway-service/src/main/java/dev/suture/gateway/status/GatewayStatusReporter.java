package dev.suture.gateway.status;

import dev.suture.gateway.control.ControlLink;
import dev.suture.gateway.routing.RoutingTable;
import dev.suture.gateway.routing.RoutingTableHolder;
import dev.suture.gateway.settings.GatewaySettings;
import dev.suture.gateway.snapshot.ApplyResult;
import dev.suture.gateway.snapshot.SnapshotApplier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Assembles {@link GatewayStatus} from the pieces that own each part, and adds a summary to {@code /actuator/info}. */
@Component
final class GatewayStatusReporter implements InfoContributor {

    private final GatewaySettings settings;
    private final RoutingTableHolder tables;
    private final SnapshotApplier applier;
    private final ControlLink link;
    private final Environment environment;

    GatewayStatusReporter(
            GatewaySettings settings,
            RoutingTableHolder tables,
            SnapshotApplier applier,
            ControlLink link,
            Environment environment) {
        this.settings = settings;
        this.tables = tables;
        this.applier = applier;
        this.link = link;
        this.environment = environment;
    }

    GatewayStatus status() {
        RoutingTable table = tables.current();
        ApplyResult.Rejected rejected = applier.lastRejected();
        return new GatewayStatus(
                settings.id(),
                settings.address(environment),
                settings.softwareVersion(),
                !table.isEmpty(),
                new GatewayStatus.Snapshot(
                        table.version(),
                        table.isEmpty() ? null : table.createdAt(),
                        table.routeCount(),
                        table.ejections(),
                        table.failovers(),
                        table.probations(),
                        table.rateLimits(),
                        rejected == null ? 0 : rejected.version(),
                        rejected == null ? null : rejected.reason()),
                new GatewayStatus.Control(
                        settings.controlUrl().toString(),
                        link.isConnected(),
                        link.connectedSince(),
                        link.controlVersion(),
                        link.lastError(),
                        link.lastErrorAt()));
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", settings.id());
        summary.put("appliedVersion", tables.current().version());
        summary.put("connected", link.isConnected());
        builder.withDetail("suture", summary);
    }
}
