/** Healing policies: detection thresholds and the bounds of every automatic action. */
@NullMarked
package dev.suture.model.policy;

import org.jspecify.annotations.NullMarked;
