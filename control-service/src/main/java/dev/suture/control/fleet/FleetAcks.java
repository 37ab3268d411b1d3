package dev.suture.control.fleet;

import dev.suture.control.api.ResourceNotFoundException;
import dev.suture.control.snapshot.ConfigPublisher;
import dev.suture.control.snapshot.SnapshotPublished;
import dev.suture.model.fleet.ConfigAck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records what each gateway did with a version: applied it (an ACK) or refused it (a NACK, with the reason). The
 * time from a version's creation to each gateway's ACK is the config propagation delay, kept as a timer.
 */
@Component
class FleetAcks {

    private static final Logger log = LoggerFactory.getLogger(FleetAcks.class);
    private static final int VERSIONS_REMEMBERED = 256;

    private final GatewayStore store;
    private final FleetStreams streams;
    private final ConfigPublisher publisher;
    private final Clock clock;
    private final Timer propagation;
    private final Counter rejections;
    /** Creation time of recent versions, to measure propagation; bounded so that it cannot grow. */
    private final ConcurrentSkipListMap<Long, Instant> createdAt = new ConcurrentSkipListMap<>();

    FleetAcks(GatewayStore store, FleetStreams streams, ConfigPublisher publisher, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.streams = streams;
        this.publisher = publisher;
        this.clock = clock;
        this.propagation = Timer.builder("suture.config.propagation")
                .description("Time from a config version's creation to a gateway's acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.rejections = Counter.builder("suture.config.rejections")
                .description("Config versions refused by a gateway")
                .register(meters);
    }

    @EventListener
    void onSnapshotPublished(SnapshotPublished published) {
        createdAt.put(published.snapshot().version(), published.snapshot().createdAt());
        while (createdAt.size() > VERSIONS_REMEMBERED) {
            createdAt.pollFirstEntry();
        }
    }

    void record(String gatewayId, ConfigAck ack) {
        Instant now = clock.instant();
        boolean known = ack.applied()
                ? store.applied(gatewayId, ack.version(), now)
                : store.rejected(gatewayId, ack.version(), ack.reason(), now);
        if (!known) {
            throw unknownGateway(gatewayId);
        }
        if (ack.applied()) {
            Duration lag = propagationLag(gatewayId, ack.version(), now);
            if (lag != null) {
                propagation.record(lag);
            }
            log.info(
                    "gateway applied id={} version={} current={} lag={}ms",
                    gatewayId,
                    ack.version(),
                    currentVersion(),
                    lag == null ? "?" : lag.toMillis());
        } else {
            rejections.increment();
            log.warn("gateway rejected id={} version={} reason=\"{}\"", gatewayId, ack.version(), ack.reason());
        }
    }

    /**
     * From the later of the version's creation and the gateway's connection to now: a gateway that connects late
     * receives an old version at once, and its wait before connecting is not propagation delay.
     */
    private @Nullable Duration propagationLag(String gatewayId, long version, Instant now) {
        Instant created = createdAt.get(version);
        if (created == null) {
            return null;
        }
        Instant start = streams.connectedSince(gatewayId)
                .filter(connected -> connected.isAfter(created))
                .orElse(created);
        return Duration.between(start, now);
    }

    private long currentVersion() {
        return publisher.current().map(s -> s.version()).orElse(0L);
    }

    static ResourceNotFoundException unknownGateway(String gatewayId) {
        return new ResourceNotFoundException("gateway", gatewayId);
    }
}
