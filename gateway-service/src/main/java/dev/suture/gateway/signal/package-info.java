/**
 * Traffic signals: per route and upstream instance, what each proxied attempt ended in and how long it took, recorded
 * on the request path into pre-allocated counters and reported to the control service once per window.
 */
@NullMarked
package dev.suture.gateway.signal;

import org.jspecify.annotations.NullMarked;
