package dev.suture.gateway.control;

import dev.suture.gateway.routing.RoutingTableHolder;
import dev.suture.gateway.settings.GatewaySettings;
import dev.suture.model.fleet.ConfigStream;
import dev.suture.model.fleet.GatewayIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps one config stream open to the control service for the life of the gateway. Each {@code snapshot} event is
 * applied and answered with an ack; {@code heartbeat} events only prove the stream is alive. When the stream fails,
 * ends, or stays silent longer than the heartbeat timeout, it reconnects after a jittered exponential backoff,
 * forever, reporting the version it runs so that the control service resends only what is missing.
 *
 * <p>Threads: Reactor Netty delivers events and failures, {@link StreamEventHandler} acts on events one at a time,
 * and reconnects fire from a timer. The lock guards the connection lifecycle (running flag, current stream, pending
 * reconnect, backoff) so that a reconnect racing a stop cannot leave a stream open.
 */
@Component
public final class ControlStreamClient implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ControlStreamClient.class);
    /** Netty's native transport prefixes socket errors with the failing call, as in "finishConnect(..) failed ...". */
    private static final Pattern NATIVE_ERROR_PREFIX =
            Pattern.compile("^\\S+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ");

    private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT =
            new ParameterizedTypeReference<>() {};

    private final WebClient client;
    private final GatewaySettings settings;
    private final StreamEventHandler events;
    private final RoutingTableHolder tables;
    private final ControlLink link;
    private final Environment environment;
    private final Counter reconnects;
    private final Object lock = new Object();

    // Guarded by lock.
    private final ReconnectBackoff backoff;
    private boolean running;
    private @Nullable Disposable stream;
    private @Nullable Disposable pendingReconnect;

    ControlStreamClient(
            WebClient controlWebClient,
            GatewaySettings settings,
            StreamEventHandler events,
            RoutingTableHolder tables,
            ControlLink link,
            Environment environment,
            MeterRegistry registry) {
        this.client = controlWebClient;
        this.settings = settings;
        this.events = events;
        this.tables = tables;
        this.link = link;
        this.environment = environment;
        this.backoff = new ReconnectBackoff(settings.minBackoff(), settings.maxBackoff(), new SecureRandom());
        this.reconnects = Counter.builder("suture.gateway.control.reconnects")
                .description("Times the config stream to the control service broke and a reconnect was scheduled")
                .register(registry);
        Gauge.builder("suture.gateway.control.connected", link, l -> l.isConnected() ? 1 : 0)
                .description("1 while the config stream to the control service is open")
                .register(registry);
    }

    @Override
    public void start() {
        synchronized (lock) {
            running = true;
        }
        connect();
    }

    @Override
    public void stop() {
        synchronized (lock) {
            running = false;
            dispose(pendingReconnect);
            dispose(stream);
            pendingReconnect = null;
            stream = null;
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    /** After the web server (which starts at {@code Integer.MAX_VALUE - 2048}), so the local port is known. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    private void connect() {
        synchronized (lock) {
            if (!running) {
                return;
            }
            GatewayIdentity identity = identity();
            events.streamOpening();
            stream = openStream(identity)
                    .concatMap(events::handle)
                    .subscribe(null, this::onBroken, () -> onBroken(new StreamClosedException()));
        }
    }

    private Flux<ServerSentEvent<String>> openStream(GatewayIdentity identity) {
        return client.get()
                .uri(builder -> builder.path(ConfigStream.PATH)
                        .queryParam("id", "{id}")
                        .queryParam("address", "{address}")
                        .queryParam("softwareVersion", "{softwareVersion}")
                        .queryParam("appliedVersion", "{appliedVersion}")
                        .build(Map.of(
                                "id", identity.id(),
                                "address", identity.address(),
                                "softwareVersion", identity.softwareVersion(),
                                "appliedVersion", identity.appliedVersion())))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchangeToFlux(response -> opened(response, identity))
                // Covers the connect and every gap between events: heartbeats arrive every few seconds.
                .timeout(settings.heartbeatTimeout());
    }

    private Flux<ServerSentEvent<String>> opened(ClientResponse response, GatewayIdentity identity) {
        if (!response.statusCode().is2xxSuccessful()) {
            return response.<ServerSentEvent<String>>createError().flux();
        }
        synchronized (lock) {
            backoff.reset();
        }
        link.connected();
        log.info(
                "control stream connected url={} id={} appliedVersion={}",
                settings.controlUrl(),
                identity.id(),
                identity.appliedVersion());
        return response.bodyToFlux(EVENT);
    }

    private void onBroken(Throwable error) {
        String reason = describe(error);
        synchronized (lock) {
            link.lost(reason);
            if (!running) {
                return;
            }
            Duration delay = backoff.next();
            reconnects.increment();
            log.warn("control stream lost, retrying in {}ms: {}", delay.toMillis(), reason);
            pendingReconnect = Schedulers.parallel().schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private GatewayIdentity identity() {
        return new GatewayIdentity(
                settings.id(),
                settings.address(environment),
                settings.softwareVersion(),
                tables.current().version());
    }

    private String describe(Throwable error) {
        if (error instanceof TimeoutException) {
            return "no event for " + settings.heartbeatTimeout().toMillis() + "ms";
        }
        if (error instanceof WebClientResponseException response) {
            return "HTTP " + response.getStatusCode().value() + " from " + settings.controlUrl() + ConfigStream.PATH;
        }
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(error);
        if (cause.getMessage() == null) {
            return cause.getClass().getSimpleName();
        }
        return NATIVE_ERROR_PREFIX.matcher(cause.getMessage()).replaceFirst("");
    }

    private static void dispose(@Nullable Disposable disposable) {
        if (disposable != null) {
            disposable.dispose();
        }
    }

    /** The control service ended the stream; the gateway treats that like any other break and reconnects. */
    private static final class StreamClosedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        StreamClosedException() {
            super("stream closed by the control service");
        }
    }
}
