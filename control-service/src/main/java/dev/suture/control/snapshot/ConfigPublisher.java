package dev.suture.control.snapshot;

import dev.suture.control.policy.PolicyCatalog;
import dev.suture.control.route.RouteCatalog;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.snapshot.ConfigSnapshot;
import dev.suture.model.snapshot.HealingOverlay;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds a new config snapshot whenever the declared config or the healing overlay changes, stores it, and announces
 * it with a {@link SnapshotPublished} event.
 *
 * <p>All building happens on one thread, so versions are published in order and a burst of changes coalesces into
 * few versions: a change that commits while a build runs schedules one more build, which reads the state after it.
 * A build that finds nothing different publishes nothing, so versions change only when content does.
 */
@Service
public class ConfigPublisher implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConfigPublisher.class);
    private static final long RETRY_DELAY_MS = 1_000;

    private final RouteCatalog routes;
    private final PolicyCatalog policies;
    private final OverlaySource overlay;
    private final SnapshotStore store;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "config-publisher");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean buildScheduled = new AtomicBoolean();
    private final Queue<String> pendingCauses = new ConcurrentLinkedQueue<>();
    private final AtomicReference<@Nullable Published> current = new AtomicReference<>();

    public ConfigPublisher(
            RouteCatalog routes,
            PolicyCatalog policies,
            OverlaySource overlay,
            SnapshotStore store,
            JsonMapper json,
            ApplicationEventPublisher events,
            Clock clock) {
        this.routes = routes;
        this.policies = policies;
        this.overlay = overlay;
        this.store = store;
        this.json = json;
        this.events = events;
        this.clock = clock;
    }

    /** The snapshot gateways should run now, empty only before the very first build. */
    public Optional<ConfigSnapshot> current() {
        return Optional.ofNullable(current.get()).map(Published::snapshot);
    }

    /** The current snapshot as sent on the wire, empty only before the very first build. */
    public Optional<SnapshotPublished> currentPublished() {
        return Optional.ofNullable(current.get()).map(p -> new SnapshotPublished(p.snapshot(), p.json()));
    }

    /** Asks for a new snapshot; returns at once. Healing calls this after it changes the overlay. */
    public void requestBuild(String cause) {
        pendingCauses.add(cause);
        if (buildScheduled.compareAndSet(false, true)) {
            worker.execute(this::build);
        }
    }

    @TransactionalEventListener
    void onDeclaredConfigChanged(DeclaredConfigChanged change) {
        requestBuild(change.cause());
    }

    /** Resumes from the stored version before the web server accepts gateway streams. */
    @Override
    public void afterSingletonsInstantiated() {
        store.latest().ifPresent(snapshot -> {
            current.set(new Published(snapshot, json.writeValueAsString(snapshot)));
            log.info(
                    "resumed config version={} routes={}",
                    snapshot.version(),
                    snapshot.routes().size());
        });
    }

    /** Catches up with anything that changed while the service was down (and builds version 1 on a new database). */
    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        requestBuild("startup");
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }

    private void build() {
        // Cleared before reading, so a change committed from here on schedules another build that will see it.
        buildScheduled.set(false);
        String cause = drainCauses();
        try {
            buildAndPublish(cause);
        } catch (RuntimeException e) {
            log.error("config build failed, retrying in {}ms cause=\"{}\": {}", RETRY_DELAY_MS, cause, e.toString());
            pendingCauses.add(cause);
            worker.schedule(() -> requestBuild("retry"), RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void buildAndPublish(String cause) {
        long started = System.nanoTime();
        List<RouteSpec> declaredRoutes = routes.allSpecs();
        List<HealingPolicySpec> usedPolicies = policiesUsedBy(declaredRoutes);
        HealingOverlay healing = overlay.currentOverlay();
        Published previous = current.get();
        if (previous != null && previous.sameContent(declaredRoutes, usedPolicies, healing)) {
            return;
        }

        ConfigSnapshot snapshot =
                new ConfigSnapshot(store.nextVersion(), clock.instant(), declaredRoutes, usedPolicies, healing);
        String content = json.writeValueAsString(snapshot);
        store.save(snapshot, content, cause);
        current.set(new Published(snapshot, content));
        log.info(
                "published config version={} routes={} policies={} ejections={} failovers={} took={}ms cause=\"{}\"",
                snapshot.version(),
                declaredRoutes.size(),
                usedPolicies.size(),
                healing.ejections().size(),
                healing.failovers().size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                cause);
        events.publishEvent(new SnapshotPublished(snapshot, content));
    }

    private List<HealingPolicySpec> policiesUsedBy(List<RouteSpec> declaredRoutes) {
        Set<String> used = declaredRoutes.stream().map(RouteSpec::policy).collect(Collectors.toSet());
        return policies.allSpecs().stream()
                .filter(policy -> used.contains(policy.name()))
                .toList();
    }

    private String drainCauses() {
        List<String> causes = new ArrayList<>();
        for (String cause; (cause = pendingCauses.poll()) != null; ) {
            if (!causes.contains(cause)) {
                causes.add(cause);
            }
        }
        return String.join("; ", causes);
    }

    private record Published(ConfigSnapshot snapshot, String json) {

        boolean sameContent(List<RouteSpec> routes, List<HealingPolicySpec> policies, HealingOverlay overlay) {
            return snapshot.routes().equals(routes)
                    && snapshot.policies().equals(policies)
                    && snapshot.overlay().equals(overlay);
        }
    }
}
