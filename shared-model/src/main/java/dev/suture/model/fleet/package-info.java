/** What gateways tell the control service about themselves and the snapshots they apply. */
@NullMarked
package dev.suture.model.fleet;

import org.jspecify.annotations.NullMarked;
