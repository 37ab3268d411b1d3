/**
 * Receiving a configuration snapshot: decoding and validating it, building and swapping in its routing table, and
 * keeping the last good one on disk for a restart while the control service is away.
 */
@NullMarked
package dev.suture.gateway.snapshot;

import org.jspecify.annotations.NullMarked;
