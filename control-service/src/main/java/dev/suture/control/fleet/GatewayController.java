package dev.suture.control.fleet;

import dev.suture.control.api.ItemPage;
import dev.suture.control.api.PageQuery;
import dev.suture.control.signal.SignalWindows;
import dev.suture.control.snapshot.ConfigPublisher;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The fleet as operators see it: every gateway ever connected, whether it is connected now, and what it runs. */
@RestController
@RequestMapping("/api/v1/gateways")
class GatewayController {

    private final GatewayStore store;
    private final FleetStreams streams;
    private final ConfigPublisher publisher;
    private final FleetProperties properties;
    private final SignalWindows signals;

    GatewayController(
            GatewayStore store,
            FleetStreams streams,
            ConfigPublisher publisher,
            FleetProperties properties,
            SignalWindows signals) {
        this.store = store;
        this.streams = streams;
        this.publisher = publisher;
        this.properties = properties;
        this.signals = signals;
    }

    @GetMapping
    ItemPage<GatewayView> list(
            @RequestParam(defaultValue = PageQuery.PAGE_PARAM_DEFAULT) int page,
            @RequestParam(defaultValue = PageQuery.SIZE_PARAM_DEFAULT) int size) {
        PageQuery query = new PageQuery(page, size);
        Map<String, Instant> live = streams.lastDelivered();
        long current = currentVersion();
        List<GatewayView> items = store.page(query.offset(), query.size()).stream()
                .map(row -> view(row, live, current))
                .toList();
        return ItemPage.of(items, query, store.count());
    }

    @GetMapping("/{id}")
    GatewayView get(@PathVariable String id) {
        return store.find(id)
                .map(row -> view(row, streams.lastDelivered(), currentVersion()))
                .orElseThrow(() -> FleetAcks.unknownGateway(id));
    }

    private GatewayView view(GatewayStore.Row row, Map<String, Instant> live, long currentVersion) {
        Instant delivered = live.get(row.id());
        boolean connected = delivered != null;
        Instant lastSeen = connected && delivered.isAfter(row.lastSeen()) ? delivered : row.lastSeen();
        return new GatewayView(
                row.id(),
                row.address(),
                row.softwareVersion(),
                connected,
                row.firstSeen(),
                lastSeen,
                row.appliedVersion(),
                row.appliedAt(),
                row.appliedVersion() == currentVersion,
                store.recentRejections(row.id(), properties.rejectionsShown()),
                signals.reporting(row.id()).orElse(null));
    }

    private long currentVersion() {
        return publisher.current().map(s -> s.version()).orElse(0L);
    }
}
