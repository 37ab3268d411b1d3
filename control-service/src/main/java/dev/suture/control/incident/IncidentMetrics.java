package dev.suture.control.incident;

import dev.suture.control.healing.ActionType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The incident meters: {@code suture.incidents.open} (gauge), {@code suture.healing.actions} (counter by {@code type}
 * and {@code dryRun}), {@code suture.incidents.detection} and {@code suture.incidents.recovery} (timers).
 */
@Component
class IncidentMetrics {

    private final MeterRegistry registry;
    private final Timer detection;
    private final Timer recovery;

    IncidentMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.detection = Timer.builder("suture.incidents.detection")
                .description("Time from the first bad signal to the incident opening")
                .register(registry);
        this.recovery = Timer.builder("suture.incidents.recovery")
                .description("Time from the incident opening to healthy signals that lasted")
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
}
