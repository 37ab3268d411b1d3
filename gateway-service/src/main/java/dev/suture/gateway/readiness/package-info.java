/**
 * Whether the gateway may take traffic: not before it has a snapshot, from the control service or from disk. The
 * readiness health group reports it, and proxied requests meanwhile get a 503 problem detail instead of a 404 from an
 * empty config.
 */
@NullMarked
package dev.suture.gateway.readiness;

import org.jspecify.annotations.NullMarked;
