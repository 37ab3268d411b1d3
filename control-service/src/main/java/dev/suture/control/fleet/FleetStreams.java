package dev.suture.control.fleet;

import dev.suture.control.snapshot.ConfigPublisher;
import dev.suture.control.snapshot.SnapshotPublished;
import dev.suture.model.fleet.ConfigStream;
import dev.suture.model.fleet.GatewayIdentity;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open config streams, one per connected gateway. A new snapshot goes to every stream as soon as it is published;
 * a heartbeat with the current version goes to every stream each {@code suture.fleet.heartbeat-interval}, which is
 * also how a connection that died without a word is found and closed.
 *
 * <p>Thread-safety: streams live in a concurrent map keyed by gateway id. Sending never races with itself because
 * {@link SseEmitter} serializes sends per emitter. A gateway that reconnects replaces its old stream, which is then
 * closed; callbacks of the old stream check identity before they touch the map, so they never remove the new one.
 */
@Component
class FleetStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FleetStreams.class);

    private final ConfigPublisher publisher;
    private final GatewayStore store;
    private final FleetProperties properties;
    private final Clock clock;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    /** Created on each start: a context can be stopped and started again (Spring's test context cache does). */
    private @Nullable ScheduledExecutorService heartbeats;

    private volatile boolean running;

    FleetStreams(
            ConfigPublisher publisher,
            GatewayStore store,
            FleetProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.publisher = publisher;
        this.store = store;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("suture.fleet.connected", streams, Map::size)
                .description("Gateways with an open config stream")
                .register(meters);
    }

    /** Opens a stream for a gateway and sends it the current snapshot unless it already runs that version. */
    SseEmitter open(GatewayIdentity gateway) {
        SseEmitter emitter = new SseEmitter(0L); // 0: never time out; heartbeats find dead connections
        Stream stream = new Stream(gateway, emitter);
        emitter.onCompletion(() -> closed(stream, "completed"));
        emitter.onTimeout(() -> closed(stream, "timed out"));
        emitter.onError(error -> closed(stream, error.toString()));

        store.connected(gateway, clock.instant());
        Stream replaced = streams.put(gateway.id(), stream);
        if (replaced != null) {
            replaced.emitter().complete();
        }
        log.info(
                "gateway connected id={} address={} software={} appliedVersion={}",
                gateway.id(),
                gateway.address(),
                gateway.softwareVersion(),
                gateway.appliedVersion());

        // Registered before reading the current version: a version published meanwhile reaches this stream either
        // through the broadcast or here. Sending an older one second is harmless, as gateways ignore old versions.
        publisher
                .currentPublished()
                .filter(current -> current.snapshot().version() != gateway.appliedVersion())
                .ifPresent(current -> send(stream, ConfigStream.SNAPSHOT_EVENT, current.json()));
        return emitter;
    }

    /** When the gateway's current stream opened; empty when it has none. */
    Optional<Instant> connectedSince(String gatewayId) {
        return Optional.ofNullable(streams.get(gatewayId)).map(Stream::openedAt);
    }

    /** When each connected gateway's stream last carried an event successfully, by gateway id. */
    Map<String, Instant> lastDelivered() {
        Map<String, Instant> delivered = new HashMap<>();
        streams.forEach((id, stream) -> delivered.put(id, stream.lastDelivered));
        return delivered;
    }

    @EventListener
    void onSnapshotPublished(SnapshotPublished published) {
        String json = published.json();
        for (Stream stream : streams.values()) {
            send(stream, ConfigStream.SNAPSHOT_EVENT, json);
        }
    }

    @Override
    public void start() {
        int markedOffline = store.allDisconnected();
        if (markedOffline > 0) {
            log.info("marked {} gateways offline that were connected before this start", markedOffline);
        }
        long interval = properties.heartbeatInterval().toMillis();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fleet-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleAtFixedRate(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
        heartbeats = scheduler;
        running = true;
    }

    /**
     * Closes every stream before the web server's graceful shutdown, which would otherwise wait on them. The streams
     * leave the registry first, so closing them writes nothing: at shutdown the database may already be going away,
     * and a disconnect waiting for a connection would hold the graceful shutdown for the pool's whole connection
     * timeout. The next start marks every gateway that was connected offline ({@link #start()}).
     */
    @Override
    public void stop() {
        running = false;
        ScheduledExecutorService scheduler = heartbeats;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        List<Stream> open = new ArrayList<>(streams.values());
        streams.clear();
        for (Stream stream : open) {
            stream.emitter().complete();
        }
        if (!open.isEmpty()) {
            log.info("closed {} gateway streams for shutdown", open.size());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private void heartbeat() {
        long version = publisher.current().map(s -> s.version()).orElse(0L);
        String data = "{\"version\":" + version + "}";
        for (Stream stream : streams.values()) {
            send(stream, ConfigStream.HEARTBEAT_EVENT, data);
        }
    }

    private void send(Stream stream, String event, String data) {
        try {
            stream.emitter().send(SseEmitter.event().name(event).data(data));
            stream.lastDelivered = clock.instant();
        } catch (IOException | IllegalStateException e) {
            // The gateway went away; it reconnects by itself. Completing fires onCompletion, which unregisters it.
            stream.emitter().completeWithError(e);
            closed(stream, e.toString());
        }
    }

    private void closed(Stream stream, String why) {
        if (streams.remove(stream.gateway().id(), stream)) {
            Instant now = clock.instant();
            store.disconnected(stream.gateway().id(), now);
            Duration connectedFor = Duration.between(stream.openedAt(), now);
            log.info(
                    "gateway disconnected id={} after={}s reason={}",
                    stream.gateway().id(),
                    connectedFor.toSeconds(),
                    why);
        }
    }

    private final class Stream {
        private final GatewayIdentity gateway;
        private final SseEmitter emitter;
        private final Instant openedAt = clock.instant();
        private volatile Instant lastDelivered = openedAt;

        Stream(GatewayIdentity gateway, SseEmitter emitter) {
            this.gateway = gateway;
            this.emitter = emitter;
        }

        GatewayIdentity gateway() {
            return gateway;
        }

        SseEmitter emitter() {
            return emitter;
        }

        Instant openedAt() {
            return openedAt;
        }
    }
}
