/**
 * The gateway's link to the control service: the long-lived config stream it opens, reconnecting with backoff, and
 * the acks it posts for each snapshot.
 */
@NullMarked
package dev.suture.gateway.control;

import org.jspecify.annotations.NullMarked;
