package dev.suture.control.incident;

import dev.suture.control.healing.ActionType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The incident meters: {@code suture.incidents.open} (gauge), {@code suture.healing.actions} (counter by {@code type}
 * and {@code dryRun}), {@code suture.incidents.detection} and {@code suture.incidents.recovery} (timers with histogram
 * buckets at fixed bounds, so that a scrape shows the distribution and not only the mean).
 */
@Component
class IncidentMetrics {

    /** Histogram bounds of time to detect: detection aims at about a second, and a window is at most 10 minutes. */
    private static final Duration[] DETECTION_BUCKETS = seconds(0.25, 0.5, 1, 2, 5, 10, 30, 60, 600);

    /** Histogram bounds of time to recover: the shortest is a probe's hold, the longest a person's fix. */
    private static final Duration[] RECOVERY_BUCKETS = seconds(10, 30, 60, 120, 300, 600, 1_800, 3_600, 4 * 3_600);

    private final MeterRegistry registry;
    private final Timer detection;
    private final Timer recovery;

    IncidentMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.detection = Timer.builder("suture.incidents.detection")
                .description("Time from the first bad signal to the incident opening")
                .serviceLevelObjectives(DETECTION_BUCKETS)
                .register(registry);
        this.recovery = Timer.builder("suture.incidents.recovery")
                .description("Time from the incident opening to healthy signals that lasted")
                .serviceLevelObjectives(RECOVERY_BUCKETS)
                .register(registry);
    }

    void openIncidents(Supplier<Number> count) {
        Gauge.builder("suture.incidents.open", count)
                .description("Incidents not yet resolved")
                .register(registry);
    }

    void action(ActionType type, boolean dryRun) {
        Counter.builder("suture.healing.actions")
                .description("Healing actions applied, or recorded only in dry run")
                .tag("type", type.name())
                .tag("dryRun", Boolean.toString(dryRun))
                .register(registry)
                .increment();
    }

    void detected(long millis) {
        detection.record(Duration.ofMillis(millis));
    }

    void recovered(long millis) {
        recovery.record(Duration.ofMillis(millis));
    }

    private static Duration[] seconds(double... bounds) {
        return Arrays.stream(bounds)
                .mapToObj(bound -> Duration.ofMillis(Math.round(bound * 1_000)))
                .toArray(Duration[]::new);
    }
}
