package dev.suture.control.detection;

import dev.suture.control.signal.SignalWindows;
import dev.suture.control.snapshot.ConfigPublisher;
import dev.suture.model.policy.DetectionSpec;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.snapshot.ConfigSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Every {@code suture.detection.interval}, assesses each route of the current snapshot against its policy's detection
 * rules and hands all assessments to every {@link AssessmentListener}.
 *
 * <p>Ticks run on one thread of their own with a fixed delay, so two evaluations never overlap and listeners hear
 * them in order; a slow listener delays the next tick rather than piling ticks up. A failing listener is logged and
 * the others still hear the tick. Tests call {@link #evaluate()} directly with a fake clock. Created by {@link
 * DetectionConfiguration}.
 */
public class DetectionEvaluator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DetectionEvaluator.class);

    private final Supplier<Optional<ConfigSnapshot>> snapshots;
    private final SignalWindows signals;
    private final Supplier<List<AssessmentListener>> listeners;
    private final Clock clock;
    private final Duration interval;
    private final RouteDetector detector;
    private final FindingTransitions transitions = new FindingTransitions();
    private final Timer duration;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "detection");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param snapshots the current snapshot, empty before the first build ({@link ConfigPublisher#current()})
     * @param listeners every listener, read at each tick
     */
    public DetectionEvaluator(
            Supplier<Optional<ConfigSnapshot>> snapshots,
            SignalWindows signals,
            Supplier<List<AssessmentListener>> listeners,
            Clock clock,
            DetectionProperties properties,
            MeterRegistry meters) {
        this.snapshots = snapshots;
        this.signals = signals;
        this.listeners = listeners;
        this.clock = clock;
        this.interval = properties.interval();
        this.detector = new RouteDetector(signals);
        this.duration = Timer.builder("suture.detection.evaluation")
                .description("Time to assess every route and notify the assessment listeners")
                .register(meters);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        long millis = interval.toMillis();
        worker.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }

    /**
     * One evaluation: every route of the current snapshot, assessed at the clock's instant, then the listeners. Empty
     * before the first snapshot exists. Must not run concurrently with itself; the scheduled ticks never do.
     */
    public Map<String, RouteAssessment> evaluate() {
        Optional<ConfigSnapshot> snapshot = snapshots.get();
        if (snapshot.isEmpty()) {
            return Map.of();
        }
        Timer.Sample started = Timer.start();
        Map<String, RouteAssessment> assessments = assess(snapshot.get());
        transitions.record(assessments);
        notifyListeners(assessments);
        started.stop(duration);
        return assessments;
    }

    private Map<String, RouteAssessment> assess(ConfigSnapshot snapshot) {
        signals.declare(snapshot);
        Instant at = clock.instant();
        Map<String, DetectionSpec> detection = new HashMap<>();
        for (HealingPolicySpec policy : snapshot.policies()) {
            detection.put(policy.name(), policy.detection());
        }
        Map<String, RouteAssessment> assessments = new LinkedHashMap<>();
        for (RouteSpec route : snapshot.routes()) {
            DetectionSpec spec = detection.getOrDefault(route.policy(), DetectionSpec.defaults());
            assessments.put(route.id(), detector.assess(route, spec, at));
        }
        return Map.copyOf(assessments);
    }

    private void notifyListeners(Map<String, RouteAssessment> assessments) {
        Instant at = clock.instant();
        listeners.get().forEach(listener -> {
            try {
                listener.onAssessments(at, assessments);
            } catch (RuntimeException e) {
                log.error(
                        "assessment listener failed listener={} routes={}",
                        listener.getClass().getName(),
                        assessments.size(),
                        e);
            }
        });
    }

    private void tick() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            log.error("detection tick failed, next in {}ms", interval.toMillis(), e);
        }
    }
}
