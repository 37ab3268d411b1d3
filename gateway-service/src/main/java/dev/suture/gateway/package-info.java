/**
 * The Suture gateway: routes traffic by the configuration snapshots the control service pushes, and takes healing
 * changes (ejections, failovers) without a restart.
 */
@NullMarked
package dev.suture.gateway;

import org.jspecify.annotations.NullMarked;
