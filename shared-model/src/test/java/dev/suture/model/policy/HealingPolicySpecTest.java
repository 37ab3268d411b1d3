package dev.suture.model.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class HealingPolicySpecTest {

    @Test
    void aPolicyWithOnlyANameIsCompleteAndSafe() {
        HealingPolicySpec policy = JsonMapper.builder().build().readValue("{\"name\": \"x\"}", HealingPolicySpec.class);

        assertThat(policy).isEqualTo(HealingPolicySpec.defaults("x"));
        assertThat(policy.dryRun()).isFalse();
        assertThat(policy.retry().maxAttempts()).isEqualTo(3);
        assertThat(policy.retry().budgetRatio()).isEqualTo(0.2);
        assertThat(policy.retry().retryOnStatuses()).containsExactly(502, 503, 504);
        assertThat(policy.retry().retryNonIdempotent()).isFalse();
        assertThat(policy.ejection().maxEjectedPercent()).isEqualTo(50);
        assertThat(policy.restartHook().enabled()).isFalse();
        assertThat(policy.detection().errorRate().threshold()).isEqualTo(0.5);
        assertThat(policy.detection().timeouts().threshold()).isEqualTo(0.2);
    }

    @Test
    void boundsThatContradictEachOtherAreRefused() {
        assertThatThrownBy(() -> new EjectionSpec(true, 600, 60, 50)).hasMessageContaining("maxEjectionSeconds");
        assertThatThrownBy(() -> new RetrySpec(true, 3, 500, 100, null, null, null, null, null))
                .hasMessageContaining("maxBackoffMs");
        assertThatThrownBy(() -> new RestartHookSpec(true, null, null, null, null, null, null, null))
                .hasMessageContaining("url is required");
    }
}
