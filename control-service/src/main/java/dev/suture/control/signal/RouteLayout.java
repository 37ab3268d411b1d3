package dev.suture.control.signal;

import java.util.Set;

/**
 * How much of a route the windows keep: seconds per ring, from its policy's longest window, and the instance URLs it
 * declares (primary and fallback pools). Anything else a gateway reports for the route is not kept per instance.
 */
record RouteLayout(int slots, Set<String> urls) {

    RouteLayout {
        urls = Set.copyOf(urls);
    }
}
