/**
 * What the gateway's tests run against: a real gateway on a random port, hand-written fakes of the control service
 * and of upstream instances, both real HTTP servers on ephemeral ports, and snapshot fixtures.
 */
@NullMarked
package dev.suture.gateway.harness;

import org.jspecify.annotations.NullMarked;
