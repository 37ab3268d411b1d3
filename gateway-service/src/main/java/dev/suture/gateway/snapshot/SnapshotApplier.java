package dev.suture.gateway.snapshot;

import dev.suture.gateway.routing.RouteRefreshException;
import dev.suture.gateway.routing.RouteRefresher;
import dev.suture.gateway.routing.RoutingTable;
import dev.suture.gateway.routing.RoutingTableBuilder;
import dev.suture.gateway.routing.RoutingTableHolder;
import dev.suture.gateway.routing.UnroutableSnapshotException;
import dev.suture.model.snapshot.ConfigSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies a snapshot whole or not at all: decode and validate, build the next routing table, swap it in, refresh
 * Spring Cloud Gateway's routes when their shapes changed and wait until they are active, then keep the snapshot on
 * disk. When any step before the swap fails the table in force is untouched; when the refresh fails the previous
 * table is put back. Either way the gateway keeps routing by its last good version.
 *
 * <p>Applies are serialized ({@code synchronized}): the stream client calls from one thread, but the start-up load
 * from disk must never interleave with it.
 */
@Component
public final class SnapshotApplier {

    private static final Logger log = LoggerFactory.getLogger(SnapshotApplier.class);
    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(10);

    private final SnapshotDecoder decoder;
    private final RoutingTableBuilder builder;
    private final RoutingTableHolder tables;
    private final RouteRefresher refresher;
    private final SnapshotStore store;
    private final Counter applied;
    private final Counter rejected;
    private final Counter ignored;

    private volatile ApplyResult.@Nullable Rejected lastRejected;

    public SnapshotApplier(
            SnapshotDecoder decoder,
            RoutingTableBuilder builder,
            RoutingTableHolder tables,
            RouteRefresher refresher,
            SnapshotStore store,
            MeterRegistry registry) {
        this.decoder = decoder;
        this.builder = builder;
        this.tables = tables;
        this.refresher = refresher;
        this.store = store;
        this.applied = outcomeCounter(registry, "applied");
        this.rejected = outcomeCounter(registry, "rejected");
        this.ignored = outcomeCounter(registry, "ignored");
        Gauge.builder(
                        "suture.gateway.snapshot.version",
                        tables,
                        holder -> holder.current().version())
                .description("Version of the snapshot the gateway routes by; 0 before the first")
                .register(registry);
    }

    /**
     * Where a snapshot came from: the control stream, or the file kept from an earlier run. {@code STREAM_OPENING} is
     * the first snapshot of a newly opened stream: the control service sends it only when the gateway's version
     * differs from its current one, so it is the control service's current config even when its version is lower
     * than the gateway's (its database was restored or recreated, and its versions started again).
     */
    public enum Source {
        STREAM,
        STREAM_OPENING,
        STORE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public synchronized ApplyResult apply(String snapshotJson, Source source) {
        long started = System.nanoTime();
        try {
            ConfigSnapshot snapshot = decoder.decode(snapshotJson);
            RoutingTable previous = tables.current();
            if (snapshot.version() == previous.version()
                    || (snapshot.version() < previous.version() && source != Source.STREAM_OPENING)) {
                return ignored(snapshot.version(), previous.version());
            }
            if (snapshot.version() < previous.version()) {
                log.warn(
                        "control service is behind this gateway: applying its current version={} over applied={}"
                                + " (its version history restarted)",
                        snapshot.version(),
                        previous.version());
            }
            RoutingTable next = build(snapshot, previous);
            boolean refreshed = activate(next, previous);
            if (source != Source.STORE) {
                persist(snapshotJson, next.version());
            }
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            return applied(next, refreshed, took, source);
        } catch (RejectedSnapshotException e) {
            return rejected(e.version(), e.getMessage(), source);
        }
    }

    /** The most recent refusal, for the status endpoint; null when none happened since start. */
    public ApplyResult.@Nullable Rejected lastRejected() {
        return lastRejected;
    }

    private RoutingTable build(ConfigSnapshot snapshot, RoutingTable previous) throws RejectedSnapshotException {
        try {
            return builder.build(snapshot, previous);
        } catch (UnroutableSnapshotException e) {
            throw new RejectedSnapshotException(snapshot.version(), e.getMessage());
        } catch (RuntimeException e) {
            // A gateway bug rather than a bad snapshot. Refusing it keeps the last good table and the stream alive,
            // where an escaping exception would break the stream and loop on reconnects.
            log.error("could not build routes for snapshot version={}", snapshot.version(), e);
            throw new RejectedSnapshotException(snapshot.version(), "gateway could not build its routes: " + e);
        }
    }

    /**
     * Swaps the table in, then refreshes the routes if their shapes changed. The swap comes first so that new routes
     * find their pools the moment they become matchable; removed routes keep a retired pool for that moment.
     */
    private boolean activate(RoutingTable next, RoutingTable previous) throws RejectedSnapshotException {
        tables.swap(next);
        if (next.routesGeneration() == previous.routesGeneration()) {
            return false;
        }
        try {
            refresher.refreshAndAwait(next.routesGeneration(), REFRESH_TIMEOUT);
            return true;
        } catch (RouteRefreshException e) {
            tables.swap(previous);
            refresher.refresh();
            throw new RejectedSnapshotException(next.version(), e.getMessage());
        }
    }

    private void persist(String snapshotJson, long version) {
        try {
            store.save(snapshotJson);
        } catch (IOException | RuntimeException e) {
            // Routing already runs on this version, so it stays applied; only a restart without the control
            // service would fall back to the older file.
            log.warn("could not keep snapshot version={} file={}: {}", version, store.file(), e.toString());
        }
    }

    private ApplyResult applied(RoutingTable table, boolean refreshed, long took, Source source) {
        applied.increment();
        log.info(
                "applied snapshot version={} routes={} ejections={} failovers={} probations={} rateLimits={}"
                        + " routesRefreshed={} took={}ms source={}",
                table.version(),
                table.routeCount(),
                table.ejections(),
                table.failovers(),
                table.probations(),
                table.rateLimits(),
                refreshed,
                took,
                source.label());
        return new ApplyResult.Applied(
                table.version(), table.routeCount(), table.ejections(), table.failovers(), refreshed, took);
    }

    private ApplyResult rejected(long version, String reason, Source source) {
        rejected.increment();
        log.warn(
                "rejected snapshot version={} source={} keeping version={} reason={}",
                version,
                source.label(),
                tables.current().version(),
                reason);
        ApplyResult.Rejected result = new ApplyResult.Rejected(version, reason);
        lastRejected = result;
        return result;
    }

    private ApplyResult ignored(long version, long appliedVersion) {
        ignored.increment();
        log.info("ignored snapshot version={} applied={} reason=not newer", version, appliedVersion);
        return new ApplyResult.Ignored(version, appliedVersion);
    }

    private static Counter outcomeCounter(MeterRegistry registry, String outcome) {
        return Counter.builder("suture.gateway.snapshots")
                .description("Snapshots received, by what became of them")
                .tag("outcome", outcome)
                .register(registry);
    }
}
