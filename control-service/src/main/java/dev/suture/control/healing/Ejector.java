package dev.suture.control.healing;

import dev.suture.control.detection.Finding;
import dev.suture.control.detection.RootCause;
import dev.suture.model.policy.EjectionSpec;
import dev.suture.model.route.UpstreamSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Ejects failing instances from their route's primary pool and lets them back on probation.
 *
 * <p>An ejection lasts {@code base × 2^n} seconds, capped at the policy's maximum, where n counts the instance's
 * ejections within {@code suture.healing.ejection-memory}: an instance that keeps failing stays out longer each time.
 * At most {@code floor(pool × maxEjectedPercent / 100)} instances are out at once, and never the last healthy one: an
 * instance is ejected only while some other instance of the pool, neither ejected nor named by a finding of the tick,
 * is left to take its traffic. An ejection refused by either rail escalates the incident. When an ejection ends the
 * instance returns on probation at {@code suture.healing.probation-percent} of its traffic for
 * {@code suture.healing.probation-period}; failing there ejects it again, for longer.
 */
@Component
class Ejector {

    private static final Set<RootCause> CAUSES =
            Set.of(RootCause.INSTANCE_DOWN, RootCause.INSTANCE_ERRORS, RootCause.INSTANCE_SLOW);

    private final ActionStore store;
    private final HealingProperties properties;

    Ejector(ActionStore store, HealingProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    /** Ejections for the instances this tick's findings name. */
    List<Decision> eject(HealingContext context) {
        List<Decision> decisions = new ArrayList<>();
        Set<String> pool =
                context.route().upstreams().stream().map(UpstreamSpec::url).collect(Collectors.toSet());
        int ejected = context.active(ActionType.EJECTION).size();
        Set<String> healthy = healthy(context, pool);
        for (Finding finding : context.assessment().findings()) {
            if (!CAUSES.contains(finding.rootCause())) {
                continue;
            }
            for (String url : finding.instances()) {
                if (!pool.contains(url)
                        || context.active(ActionType.EJECTION, url).isPresent()) {
                    continue;
                }
                Decision decision = ejectOne(context, finding, url, pool.size(), ejected, healthy);
                if (decision.kind() == Decision.Kind.APPLY) {
                    ejected++;
                    context.active(ActionType.PROBATION, url)
                            .ifPresent(probation -> decisions.add(
                                    Decision.end(probation, "failed on probation: " + finding.summary())));
                }
                decisions.add(decision);
            }
        }
        return decisions;
    }

    /** Ends ejections whose time is up with a probation, and probations whose time is up. */
    List<Decision> expire(HealingContext context) {
        List<Decision> decisions = new ArrayList<>();
        Instant now = context.now();
        for (HealingAction ejection : context.active(ActionType.EJECTION)) {
            if (!ejection.inForceAt(now)) {
                decisions.add(Decision.end(ejection, "ejection time is up"));
                HealingAction probation = HealingAction.of(
                                context,
                                ActionType.PROBATION,
                                ejection.url(),
                                now.plus(properties.probationPeriod()),
                                "back from ejection on probation")
                        .withTrafficPercent(properties.probationPercent());
                decisions.add(Decision.relax(probation, "instance returns on probation"));
            }
        }
        for (HealingAction probation : context.active(ActionType.PROBATION)) {
            if (!probation.inForceAt(now)) {
                decisions.add(Decision.end(probation, "probation passed, instance back at full weight"));
            }
        }
        return decisions;
    }

    /**
     * The primary pool's instances that could take an ejected instance's traffic: not ejected, and named by no finding
     * of this tick (an instance on probation counts while nothing names it).
     */
    private static Set<String> healthy(HealingContext context, Set<String> pool) {
        Set<String> healthy = new TreeSet<>(pool);
        context.active(ActionType.EJECTION).stream()
                .map(HealingAction::url)
                .filter(Objects::nonNull)
                .forEach(healthy::remove);
        context.assessment().findings().forEach(finding -> finding.instances().forEach(healthy::remove));
        return healthy;
    }

    private Decision ejectOne(
            HealingContext context, Finding finding, String url, int poolSize, int ejected, Set<String> healthy) {
        EjectionSpec spec = context.policy().ejection();
        Map<String, Double> signals = finding.signals();
        if (!spec.enabled()) {
            return Decision.refuse("ejection of " + url + " is disabled by the policy", signals);
        }
        int allowed = Math.min(poolSize * spec.maxEjectedPercent() / 100, poolSize - 1);
        if (ejected + 1 > allowed) {
            return Decision.refuse(
                    "cannot eject " + url + ": " + ejected + " of " + poolSize + " instances are out and at most "
                            + allowed + " may be (maxEjectedPercent=" + spec.maxEjectedPercent()
                            + ", never the last instance)",
                    signals);
        }
        if (healthy.isEmpty()) {
            return Decision.refuse(
                    "cannot eject " + url + ": no healthy instance of " + poolSize
                            + " would be left to take its traffic (" + ejected + " ejected, the rest failing)",
                    signals);
        }

        Instant since = context.now().minus(properties.ejectionMemory());
        int earlier = store.ejectionsSince(context.route().id(), url, since);
        long seconds =
                Math.min((long) spec.baseEjectionSeconds() << Math.min(earlier, 20), (long) spec.maxEjectionSeconds());
        Instant until = context.now().plus(Duration.ofSeconds(seconds));
        String reason = finding.rootCause() + ": " + finding.summary();
        HealingAction action = HealingAction.of(context, ActionType.EJECTION, url, until, truncate(reason));
        return Decision.apply(
                action, "ejected for " + seconds + "s (ejection " + (earlier + 1) + " within memory)", signals);
    }

    static String truncate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }
}
