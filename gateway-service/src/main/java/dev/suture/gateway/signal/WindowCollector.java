package dev.suture.gateway.signal;

import dev.suture.gateway.routing.RoutePool;
import dev.suture.gateway.routing.RoutingTable;
import dev.suture.model.signal.CredentialSignals;
import dev.suture.model.signal.InstanceSignals;
import dev.suture.model.signal.RouteSignals;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Closes a report window: drains every recorder reachable from the table in force, from the tables replaced during
 * the window and from those replaced during the window before (requests that picked an instance from a table just
 * before it was replaced may finish a little later). Each recorder is drained once per window, however many tables
 * hold it. Only routes with something counted make it into the result.
 *
 * <p>Not thread-safe; only the reporter's thread uses it.
 */
final class WindowCollector {

    private List<RoutingTable> replacedLastWindow = List.of();

    List<RouteSignals> close(RoutingTable current, List<RoutingTable> replacedThisWindow) {
        List<RoutingTable> tables = new ArrayList<>(replacedLastWindow);
        tables.addAll(replacedThisWindow);
        tables.add(current);
        replacedLastWindow = replacedThisWindow;

        Set<Object> drained = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, RouteWindow> routes = new LinkedHashMap<>();
        for (RoutingTable table : tables) {
            for (RoutePool pool : table.allPools()) {
                RouteWindow route = routes.computeIfAbsent(pool.routeId(), RouteWindow::new);
                if (drained.add(pool.recorder())) {
                    pool.recorder().drainInto(route.counts);
                }
                for (InstanceRecorder instance : pool.instanceRecorders()) {
                    if (drained.add(instance)) {
                        InstanceSignals signals = instance.drain();
                        if (signals != null) {
                            route.instances.add(signals);
                        }
                    }
                }
            }
        }
        List<RouteSignals> withTraffic = new ArrayList<>();
        for (RouteWindow route : routes.values()) {
            if (route.hasTraffic()) {
                withTraffic.add(route.signals());
            }
        }
        return withTraffic;
    }

    /** One route's counts in the window being closed. */
    private static final class RouteWindow {

        private final String routeId;
        private final long[] counts = new long[RouteRecorder.SLOTS];
        private final List<InstanceSignals> instances = new ArrayList<>();

        RouteWindow(String routeId) {
            this.routeId = routeId;
        }

        /**
         * Any count at all: a window may hold a request's retry but not the request, which arrived in the window
         * before, nor the retry's outcome, which is recorded when its response has been written.
         */
        boolean hasTraffic() {
            if (!instances.isEmpty()) {
                return true;
            }
            for (long count : counts) {
                if (count != 0) {
                    return true;
                }
            }
            return false;
        }

        RouteSignals signals() {
            return new RouteSignals(
                    routeId,
                    instances,
                    counts[RouteRecorder.REQUESTS],
                    counts[RouteRecorder.RETRIES],
                    counts[RouteRecorder.RATE_LIMITED],
                    counts[RouteRecorder.UNAVAILABLE],
                    credentials());
        }

        /** Null when the route's credentials did nothing in the window, which includes routes without any. */
        private @Nullable CredentialSignals credentials() {
            CredentialSignals credentials = new CredentialSignals(
                    counts[RouteRecorder.TOKEN_REFRESHES],
                    counts[RouteRecorder.FAILED_TOKEN_REFRESHES],
                    counts[RouteRecorder.TOKEN_REPLAYS],
                    counts[RouteRecorder.NO_TOKEN]);
            return credentials.isEmpty() ? null : credentials;
        }
    }
}
