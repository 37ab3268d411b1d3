/**
 * Detection: reading the fleet-wide signal windows of each route against its healing policy, once per evaluation
 * tick, and naming what is wrong with a root cause. Detection only names problems; incidents and healing act on them.
 */
@NullMarked
package dev.suture.control.detection;

import org.jspecify.annotations.NullMarked;
