package dev.suture.gateway.signal;

import dev.suture.gateway.routing.RoutePool;
import dev.suture.gateway.routing.RoutingTable;
import dev.suture.gateway.routing.RoutingTableHolder;
import dev.suture.gateway.settings.GatewaySettings;
import dev.suture.model.fleet.ConfigStream;
import dev.suture.model.signal.GatewayHealth;
import dev.suture.model.signal.RouteSignals;
import dev.suture.model.signal.SignalReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Closes a report window every {@code suture.gateway.report-interval} and posts it to the control service as a {@link
 * SignalReport} ({@value ConfigStream#REPORT_PATH}).
 *
 * <p>Sending: one post in flight at a time, bounded by {@code suture.control.report-timeout}; windows closed
 * meanwhile wait in a buffer and go out in order, back to back, once a post succeeds. While the control service is
 * unreachable the buffer keeps the newest {@code suture.gateway.report-buffer} windows; each one dropped beyond that
 * is counted into the {@code droppedWindows} of the next report that gets through. A window the control service
 * refuses as invalid (4xx) is dropped rather than retried forever.
 *
 * <p>Threads: everything here runs on one dedicated thread (ticks, and post results handed back to it), so the buffer,
 * sequence and state need no lock. The request path never waits for any of it.
 */
@Component
public final class SignalReporter implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SignalReporter.class);
    /** Netty's native transport prefixes socket errors with the failing call, as in "finishConnect(..) failed ...". */
    private static final Pattern NATIVE_ERROR_PREFIX =
            Pattern.compile("^\\S+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ");

    /** The shortest window reported; also the wire contract's lower bound. */
    private static final long MIN_WINDOW_MILLIS = 100;

    private final WebClient client;
    private final JsonMapper json;
    private final GatewaySettings settings;
    private final RoutingTableHolder tables;
    private final Clock clock;
    private final WindowCollector collector = new WindowCollector();
    private final HealthSampler health = new HealthSampler();
    private final OutcomeMeters outcomeMeters;
    private final Counter sent;
    private final Counter failed;
    private final Counter rejected;
    private final Counter earlyReports;
    private final Counter dropped;
    private final AtomicInteger bufferedGauge = new AtomicInteger();
    private final Scheduler thread = Schedulers.newSingle("suture-signals", true);
    private final String reportUrl;
    private final EarlyReport earlyReport;

    // Confined to the reporter's thread.
    private final ArrayDeque<ClosedWindow> buffer = new ArrayDeque<>();
    private long nextSequence = 1;
    private long droppedSinceDelivery;
    private Instant windowStart = Instant.EPOCH;
    private @Nullable ClosedWindow inFlight;
    private boolean failing;
    private boolean refusing;

    private volatile boolean running;
    /** The regular close of the window now open; replaced whenever a window closes, early or not. */
    private volatile @Nullable Disposable nextTick;

    SignalReporter(
            WebClient controlWebClient,
            JsonMapper json,
            GatewaySettings settings,
            RoutingTableHolder tables,
            Clock clock,
            MeterRegistry registry,
            EarlyReport earlyReport) {
        this.client = controlWebClient;
        this.earlyReport = earlyReport;
        this.json = json;
        this.settings = settings;
        this.tables = tables;
        this.clock = clock;
        this.reportUrl = settings.controlUrl() + ConfigStream.REPORT_PATH.replace("{gatewayId}", settings.id());
        this.outcomeMeters = new OutcomeMeters(registry);
        this.sent = reportCounter(registry, "sent");
        this.failed = reportCounter(registry, "failed");
        this.rejected = reportCounter(registry, "rejected");
        this.earlyReports = Counter.builder("suture.gateway.signal.early.reports")
                .description("Report windows closed early because an instance's connection failures reached the"
                        + " route's threshold")
                .register(registry);
        this.dropped = Counter.builder("suture.gateway.signal.dropped.windows")
                .description("Report windows dropped unsent because the buffer was full")
                .register(registry);
        Gauge.builder("suture.gateway.signal.buffered", bufferedGauge, AtomicInteger::get)
                .description("Closed report windows waiting to be sent")
                .register(registry);
    }

    @Override
    public void start() {
        running = true;
        thread.schedule(() -> {
            windowStart = clock.instant();
            scheduleTick();
        });
        earlyReport.reportWith(() -> onReporterThread(this::earlyTick));
    }

    @Override
    public void stop() {
        running = false;
        earlyReport.reportWith(null);
        Disposable pending = nextTick;
        if (pending != null) {
            pending.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        thread.dispose();
    }

    /**
     * Closes the window and schedules the next regular close a full interval later. An early close therefore restarts
     * the interval, so the window after it is never a sliver ending at the old schedule's next tick.
     */
    private void tick() {
        if (!running) {
            return;
        }
        Disposable pending = nextTick;
        if (pending != null) {
            pending.dispose();
        }
        try {
            closeAndSend();
        } catch (RuntimeException e) {
            // A bug here must not end the reporting, which would silently stop all signals.
            log.error("could not close signal report window sequence={}", nextSequence, e);
        }
        scheduleTick();
    }

    private void scheduleTick() {
        try {
            nextTick = thread.schedule(this::tick, settings.reportInterval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException ignored) {
            // The reporter's thread is gone: the application is shutting down.
        }
    }

    /**
     * Closes the window early, unless it opened less than {@link #MIN_WINDOW_MILLIS} ago: then the failures that asked
     * are few enough to wait that long, which keeps a burst of streaks from posting a report per request.
     */
    private void earlyTick() {
        if (!running) {
            return;
        }
        long open = Duration.between(windowStart, clock.instant()).toMillis();
        if (open < MIN_WINDOW_MILLIS) {
            thread.schedule(this::earlyTick, MIN_WINDOW_MILLIS - open, TimeUnit.MILLISECONDS);
            return;
        }
        earlyReport.taken();
        earlyReports.increment();
        tick();
    }

    private void closeAndSend() {
        buffer.addLast(closeWindow());
        if (buffer.size() > settings.reportBuffer()) {
            dropOldest();
        }
        bufferedGauge.set(buffer.size());
        sendNext();
    }

    private ClosedWindow closeWindow() {
        Instant end = clock.instant();
        RoutingTable current = tables.current();
        List<RouteSignals> routes = collector.close(current, tables.takeReplaced());
        routes.forEach(outcomeMeters::add);
        outcomeMeters.retainRoutes(declaredRoutes(current));
        long millis = Duration.between(windowStart, end).toMillis();
        int windowMillis = (int) Math.max(MIN_WINDOW_MILLIS, Math.min(60_000, millis));
        ClosedWindow window = new ClosedWindow(
                nextSequence++, windowStart, windowMillis, current.version(), routes, health.sample(current));
        windowStart = end;
        return window;
    }

    /** Drops the oldest window not being sent right now. */
    private void dropOldest() {
        ClosedWindow oldest = buffer.pollFirst();
        if (oldest == inFlight) {
            buffer.pollFirst();
            buffer.addFirst(oldest);
        }
        droppedSinceDelivery++;
        dropped.increment();
    }

    private void sendNext() {
        ClosedWindow window = buffer.peekFirst();
        if (inFlight != null || window == null) {
            return;
        }
        inFlight = window;
        long droppedBefore = droppedSinceDelivery;
        SignalReport report = window.report(settings.id(), droppedBefore);
        client.post()
                .uri(reportUrl)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.writeValueAsBytes(report))
                .retrieve()
                .toBodilessEntity()
                .timeout(settings.reportTimeout())
                .subscribe(
                        response -> onReporterThread(() -> delivered(window, droppedBefore)),
                        error -> onReporterThread(() -> notDelivered(window, error)));
    }

    /** Hands a post's result back to the reporter's thread; after shutdown there is nobody left to tell. */
    private void onReporterThread(Runnable task) {
        try {
            thread.schedule(task);
        } catch (RejectedExecutionException ignored) {
            // The reporter has stopped; the window stays unsent, as any window closed at shutdown does.
        }
    }

    private void delivered(ClosedWindow window, long droppedReported) {
        sent.increment();
        inFlight = null;
        buffer.remove(window);
        bufferedGauge.set(buffer.size());
        droppedSinceDelivery -= droppedReported;
        refusing = false;
        if (failing) {
            failing = false;
            log.info(
                    "signal reports resumed url={} sequence={} backlog={} dropped={}",
                    reportUrl,
                    window.sequence(),
                    buffer.size(),
                    droppedReported);
        }
        sendNext();
    }

    private void notDelivered(ClosedWindow window, Throwable error) {
        inFlight = null;
        if (error instanceof WebClientResponseException response
                && response.getStatusCode().is4xxClientError()) {
            refused(window, response);
            return;
        }
        failed.increment();
        if (!failing) {
            failing = true;
            log.warn(
                    "signal reports failing, buffering url={} buffered={} dropped={}: {}",
                    reportUrl,
                    buffer.size(),
                    droppedSinceDelivery,
                    describe(error));
        }
        // The next tick retries; retrying at once would only hammer a control service that is down.
    }

    private void refused(ClosedWindow window, WebClientResponseException response) {
        rejected.increment();
        buffer.remove(window);
        bufferedGauge.set(buffer.size());
        if (!refusing) {
            refusing = true;
            log.warn(
                    "signal report refused, dropping it url={} sequence={} status={}",
                    reportUrl,
                    window.sequence(),
                    response.getStatusCode().value());
        }
        sendNext();
    }

    private static Set<String> declaredRoutes(RoutingTable table) {
        Set<String> declared = new HashSet<>();
        for (RoutePool pool : table.allPools()) {
            declared.add(pool.routeId());
        }
        return declared;
    }

    private static String describe(Throwable error) {
        if (error instanceof WebClientResponseException response) {
            return "HTTP " + response.getStatusCode().value();
        }
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(error);
        return cause.getMessage() == null
                ? cause.getClass().getSimpleName()
                : NATIVE_ERROR_PREFIX.matcher(cause.getMessage()).replaceFirst("");
    }

    private static Counter reportCounter(MeterRegistry registry, String result) {
        return Counter.builder("suture.gateway.signal.reports")
                .description("Signal report posts to the control service, by result")
                .tag("result", result)
                .register(registry);
    }

    /**
     * A closed window waiting to be sent. Identity matters (the buffer removes exactly the window that was sent), so
     * this is a class, not a record.
     */
    private static final class ClosedWindow {

        private final long sequence;
        private final Instant start;
        private final int millis;
        private final long appliedVersion;
        private final List<RouteSignals> routes;
        private final GatewayHealth health;

        ClosedWindow(
                long sequence,
                Instant start,
                int millis,
                long appliedVersion,
                List<RouteSignals> routes,
                GatewayHealth health) {
            this.sequence = sequence;
            this.start = start;
            this.millis = millis;
            this.appliedVersion = appliedVersion;
            this.routes = routes;
            this.health = health;
        }

        long sequence() {
            return sequence;
        }

        SignalReport report(String gatewayId, long droppedWindows) {
            return new SignalReport(gatewayId, sequence, start, millis, appliedVersion, droppedWindows, routes, health);
        }
    }
}
