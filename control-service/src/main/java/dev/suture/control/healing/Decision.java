package dev.suture.control.healing;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One thing healing decided at a tick, for the incident to record and apply in one transaction.
 *
 * @param kind what to do with the action
 * @param action the action applied or ended; null for a refusal
 * @param message why, in an operator's words
 * @param signals the signal values behind the decision
 */
public record Decision(Kind kind, @Nullable HealingAction action, String message, Map<String, Double> signals) {

    public Decision {
        signals = Map.copyOf(signals);
    }

    public enum Kind {
        /** Apply a new action that restricts traffic; counts against the global action budget. */
        APPLY,
        /** Apply an action that gives traffic back (a probation after an ejection, a higher rate limit step). */
        RELAX,
        /** End an action in force. */
        END,
        /** An action was needed but is not allowed or not possible: the incident escalates. */
        REFUSE,
        /** An action was needed but the global action budget is spent; it is retried at the next tick. */
        DEFER
    }

    static Decision apply(HealingAction action, String why, Map<String, Double> signals) {
        return new Decision(Kind.APPLY, action, why, signals);
    }

    static Decision relax(HealingAction action, String why) {
        return new Decision(Kind.RELAX, action, why, Map.of());
    }

    static Decision end(HealingAction action, String why) {
        return new Decision(Kind.END, action, why, Map.of());
    }

    static Decision refuse(String why, Map<String, Double> signals) {
        return new Decision(Kind.REFUSE, null, why, signals);
    }

    Decision deferred(String why) {
        return new Decision(Kind.DEFER, action, why + ": " + message, signals);
    }
}
