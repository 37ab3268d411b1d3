package dev.suture.control.detection;

import dev.suture.control.signal.SignalWindows;
import dev.suture.control.snapshot.ConfigPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the evaluator to the current snapshot and to every {@link AssessmentListener} bean. */
@Configuration(proxyBeanMethods = false)
class DetectionConfiguration {

    @Bean
    DetectionEvaluator detectionEvaluator(
            ConfigPublisher publisher,
            SignalWindows signals,
            ObjectProvider<AssessmentListener> listeners,
            Clock clock,
            DetectionProperties properties,
            MeterRegistry meters) {
        return new DetectionEvaluator(
                publisher::current, signals, () -> listeners.orderedStream().toList(), clock, properties, meters);
    }
}
