package dev.suture.gateway.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.gateway.breaker.BreakerEvents;
import dev.suture.gateway.credentials.CredentialSettings;
import dev.suture.gateway.credentials.TokenSources;
import dev.suture.gateway.harness.MutableClock;
import dev.suture.gateway.harness.TestSettings;
import dev.suture.gateway.routing.RoutingTable;
import dev.suture.gateway.routing.RoutingTableBuilder;
import dev.suture.gateway.routing.UnroutableSnapshotException;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.route.UpstreamSpec;
import dev.suture.model.signal.Outcome;
import dev.suture.model.signal.RouteSignals;
import dev.suture.model.snapshot.ConfigSnapshot;
import dev.suture.model.snapshot.HealingOverlay;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Closing windows over tables that change between them. */
class WindowCollectorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final RoutingTableBuilder builder = new RoutingTableBuilder(
            TestSettings.withMaxRoutes(10),
            new MutableClock(NOW),
            EarlyReport.NEVER,
            new BreakerEvents(new SimpleMeterRegistry()),
            TokenSources.create(
                    CredentialSettings.defaults(), name -> null, Clock.systemUTC(), new SimpleMeterRegistry()));
    private final WindowCollector collector = new WindowCollector();

    @Test
    void anAttemptOnAnInstanceTheNewTableDroppedIsReportedOnceUnderItsRoute() throws UnroutableSnapshotException {
        RoutingTable first = builder.build(snapshot(1, "http://one:1", "http://two:2"), RoutingTable.EMPTY);
        first.pool("orders").recorder().requested();
        first.pool("orders").instanceRecorders().get(1).record(Outcome.SERVER_ERROR, 12);
        RoutingTable second = builder.build(snapshot(2, "http://one:1"), first);

        List<RouteSignals> window = collector.close(second, List.of(first));
        List<RouteSignals> next = collector.close(second, List.of());

        assertThat(window).hasSize(1);
        assertThat(window.get(0).requests()).isEqualTo(1);
        assertThat(window.get(0).instances()).singleElement().satisfies(instance -> {
            assertThat(instance.url()).isEqualTo("http://two:2");
            assertThat(instance.count(Outcome.SERVER_ERROR)).isEqualTo(1);
        });
        assertThat(next).as("drained once, so nothing is counted twice").isEmpty();
    }

    @Test
    void aLateAttemptOnATableReplacedInTheWindowBeforeStillCounts() throws UnroutableSnapshotException {
        RoutingTable first = builder.build(snapshot(1, "http://one:1", "http://two:2"), RoutingTable.EMPTY);
        RoutingTable second = builder.build(snapshot(2, "http://one:1"), first);
        collector.close(second, List.of(first));

        first.pool("orders").instanceRecorders().get(1).record(Outcome.OK, 3);
        List<RouteSignals> window = collector.close(second, List.of());

        assertThat(window)
                .singleElement()
                .satisfies(route -> assertThat(route.instances())
                        .singleElement()
                        .satisfies(instance -> assertThat(instance.url()).isEqualTo("http://two:2")));
    }

    @Test
    void aWindowHoldingOnlyARetryStillReportsIt() throws UnroutableSnapshotException {
        RoutingTable table = builder.build(snapshot(1, "http://one:1", "http://two:2"), RoutingTable.EMPTY);
        table.pool("orders").recorder().requested();
        table.pool("orders").instanceRecorders().get(0).record(Outcome.CONNECTION_RESET, 1);
        collector.close(table, List.of());

        // The request and its failed first attempt were in the window before; its outcome will be in the next one.
        table.pool("orders").recorder().retried();
        List<RouteSignals> window = collector.close(table, List.of());

        assertThat(window).singleElement().satisfies(route -> {
            assertThat(route.requests()).isZero();
            assertThat(route.retries()).isEqualTo(1);
        });
    }

    @Test
    void routesWithoutTrafficAreLeftOut() throws UnroutableSnapshotException {
        RoutingTable table = builder.build(snapshot(1, "http://one:1"), RoutingTable.EMPTY);

        assertThat(collector.close(table, List.of())).isEmpty();
    }

    private static ConfigSnapshot snapshot(long version, String... urls) {
        List<UpstreamSpec> pool =
                java.util.Arrays.stream(urls).map(UpstreamSpec::of).toList();
        return new ConfigSnapshot(
                version,
                NOW,
                List.of(RouteSpec.of("orders", "/orders/**", pool)),
                List.of(HealingPolicySpec.defaults("default")),
                HealingOverlay.EMPTY);
    }
}
