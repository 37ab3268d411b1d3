/**
 * Retrying a failed attempt on another instance without turning an outage into a storm: which requests may be
 * retried and on which outcomes, the backoff between attempts, the per-route retry budget, and the buffered request
 * body that makes a replay possible.
 */
@NullMarked
package dev.suture.gateway.retry;

import org.jspecify.annotations.NullMarked;
