package dev.suture.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final Faults healthy = Faults.healthy(10, 20);

    @Test
    void parametersLeftOutKeepTheirValue() {
        Faults failing = healthy.with(Map.of("errorRate", "0.5", "errorStatus", "503"), NOW);

        Faults slowerToo = failing.with(Map.of("latencyMs", "300"), NOW);

        assertThat(slowerToo.errorRate()).isEqualTo(0.5);
        assertThat(slowerToo.errorStatus()).isEqualTo(503);
        assertThat(slowerToo.latencyMs()).isEqualTo(300);
        assertThat(slowerToo.capacityRps()).isEqualTo(20);
    }

    @Test
    void credentialsExpireTheGivenSecondsAfterTheFaultIsSet() {
        Faults expiring = healthy.with(Map.of("credentialsExpireInSeconds", "30"), NOW);

        assertThat(expiring.credentialsExpired(NOW.plusSeconds(29))).isFalse();
        assertThat(expiring.credentialsExpired(NOW.plusSeconds(30))).isTrue();
        assertThat(healthy.credentialsExpired(NOW.plusSeconds(1_000_000))).isFalse();
    }

    @Test
    void aboveCapacityEveryRequestPerSecondTooManyAddsThePenaltyUpToTheCap() {
        assertThat(healthy.delayMillis(20)).isEqualTo(10);
        assertThat(healthy.delayMillis(27)).isEqualTo(10 + 7 * Faults.OVERLOAD_PENALTY_MS);
        assertThat(healthy.delayMillis(100_000)).isEqualTo(10 + Faults.MAX_OVERLOAD_DELAY_MS);
        assertThat(Faults.healthy(10, 0).delayMillis(100_000)).as("unlimited").isEqualTo(10);
    }

    @Test
    void badValuesAreRefusedNamingTheParameterAndTheValue() {
        assertThatThrownBy(() -> healthy.with(Map.of("errorRate", "2", "errorStatus", "200"), NOW))
                .isInstanceOf(InvalidFaultException.class)
                .hasMessageContaining("errorRate must be between 0 and 1 but was 2.0")
                .hasMessageContaining("errorStatus must be between 400 and 599 but was 200");
        assertThatThrownBy(() -> healthy.with(Map.of("listening", "maybe"), NOW))
                .hasMessage("listening must be true or false but was maybe");
        assertThatThrownBy(() -> healthy.with(Map.of("latency", "5"), NOW))
                .hasMessageStartingWith("unknown parameter latency");
    }
}
