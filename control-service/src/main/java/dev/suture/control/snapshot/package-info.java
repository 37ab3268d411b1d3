/**
 * Config snapshots: building a new version from the declared routes and policies plus the healing overlay whenever
 * either changes, storing it, and announcing it to the fleet.
 */
@NullMarked
package dev.suture.control.snapshot;

import org.jspecify.annotations.NullMarked;
