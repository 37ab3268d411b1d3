/**
 * The request path: the routing table built from a snapshot, the route locator Spring Cloud Gateway matches against,
 * and the filter that picks an upstream instance for each request.
 *
 * <p>Everything a request reads is immutable or lock-free. A new snapshot builds a new {@link RoutingTable} and swaps
 * it in whole; requests in flight keep the table they started with.
 */
@NullMarked
package dev.suture.gateway.routing;

import org.jspecify.annotations.NullMarked;
