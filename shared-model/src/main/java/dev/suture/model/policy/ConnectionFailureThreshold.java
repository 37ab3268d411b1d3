package dev.suture.model.policy;

import dev.suture.model.validation.SpecCheck;
import org.jspecify.annotations.Nullable;

/**
 * Consecutive connection failures (refused, reset, connect timeout) to one instance that count as a problem.
 *
 * @param consecutive failures in a row, 1 to 1000; default 5
 * @param windowSeconds how far back the failures may reach, 1 to 600 seconds; default 10
 */
public record ConnectionFailureThreshold(Integer consecutive, Integer windowSeconds) {

    public ConnectionFailureThreshold(@Nullable Integer consecutive, @Nullable Integer windowSeconds) {
        SpecCheck check = SpecCheck.of("connection failure threshold");
        this.consecutive = check.range("consecutive", consecutive, 5, 1, 1_000);
        this.windowSeconds = check.range("windowSeconds", windowSeconds, 10, 1, 600);
        check.throwIfInvalid();
    }
}
