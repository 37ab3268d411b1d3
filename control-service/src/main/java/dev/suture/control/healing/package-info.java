/**
 * Healing: the actions taken against an incident's problem (ejection with probation, failover, rate limiting, the
 * restart hook), their safety rails, and the healing overlay they make up. Actions are stored with their end time, so
 * the overlay is rebuilt from the database after a restart.
 */
@NullMarked
package dev.suture.control.healing;

import org.jspecify.annotations.NullMarked;
