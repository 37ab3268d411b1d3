/**
 * The circuit breaker each gateway keeps per upstream instance of each route (Resilience4j), its thresholds taken
 * from the route's healing policy, and the log lines and metrics of its state changes.
 */
@NullMarked
package dev.suture.gateway.breaker;

import org.jspecify.annotations.NullMarked;
