package dev.suture.control.healing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.springframework.stereotype.Component;

/**
 * The global cap on restrictive actions per minute, so that a detection gone wrong cannot take the whole fleet's
 * capacity away at once. Actions that give traffic back are never capped.
 *
 * <p>Thread-safe by synchronization; it is taken once per action, far off any request path.
 */
@Component
class ActionBudget {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final HealingProperties properties;
    private final Deque<Instant> spent = new ArrayDeque<>();

    ActionBudget(HealingProperties properties) {
        this.properties = properties;
    }

    /** Takes one action from the budget; false when the minute's budget is spent. */
    synchronized boolean tryTake(Instant now) {
        while (!spent.isEmpty() && !spent.peekFirst().isAfter(now.minus(MINUTE))) {
            spent.pollFirst();
        }
        if (spent.size() >= properties.maxActionsPerMinute()) {
            return false;
        }
        spent.addLast(now);
        return true;
    }
}
