package dev.suture.control.healing;

import dev.suture.control.detection.RootCause;
import dev.suture.model.policy.RestartHookSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * Decides, for one incident at one tick, which actions to apply or end. It decides only; the incident records and
 * applies the decisions in one transaction, so that no action is ever in force without its timeline entry.
 *
 * <p>Called on the evaluator's thread only.
 */
@Service
public class Healer {

    private final Ejector ejector;
    private final Failover failover;
    private final TrafficShaper shaper;
    private final RestartHook restartHook;
    private final ActionBudget budget;

    Healer(Ejector ejector, Failover failover, TrafficShaper shaper, RestartHook restartHook, ActionBudget budget) {
        this.ejector = ejector;
        this.failover = failover;
        this.shaper = shaper;
        this.restartHook = restartHook;
        this.budget = budget;
    }

    /** Time-driven changes only (ejections ending in probation); the one thing done without enough data. */
    public List<Decision> expire(HealingContext context) {
        return ejector.expire(context);
    }

    /** The response to an unhealthy route: expiries first, then each action that fits a finding. */
    public List<Decision> act(HealingContext context) {
        List<Decision> decisions = new ArrayList<>(ejector.expire(context));
        decisions.addAll(ejector.eject(context));
        decisions.addAll(failover.failOver(context));
        decisions.addAll(shaper.shape(context));
        decisions.addAll(restartHook.plan(context));
        context.findings(RootCause.CREDENTIALS_REJECTED).stream()
                .findFirst()
                .ifPresent(finding -> decisions.add(Decision.refuse(
                        "the upstream rejects the credentials; no automatic action can fix that", finding.signals())));
        return withinBudget(context, decisions);
    }

    /** The steps back while the route is healthy; {@code holdElapsed} probes a failover's primary pool. */
    public List<Decision> recover(HealingContext context, boolean holdElapsed) {
        List<Decision> decisions = new ArrayList<>(ejector.expire(context));
        decisions.addAll(shaper.ramp(context));
        if (holdElapsed) {
            decisions.addAll(failover.probe(context));
        }
        return decisions;
    }

    /** Calls the restart hook for a call decision once it is recorded. */
    public void callRestartHook(RestartHookSpec spec, HealingAction call, String rootCause, Consumer<String> result) {
        restartHook.call(spec, call, rootCause, result);
    }

    private List<Decision> withinBudget(HealingContext context, List<Decision> decisions) {
        List<Decision> allowed = new ArrayList<>();
        for (Decision decision : decisions) {
            boolean budgeted = decision.kind() == Decision.Kind.APPLY && !context.dryRun();
            if (budgeted && !budget.tryTake(context.now())) {
                allowed.add(decision.deferred("global action budget spent"));
            } else {
                allowed.add(decision);
            }
        }
        return allowed;
    }
}
