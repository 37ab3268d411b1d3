/**
 * Healing policies as the admin API stores them, including the {@code default} policy that exists from the first start
 * and cannot be deleted.
 */
@NullMarked
package dev.suture.control.policy;

import org.jspecify.annotations.NullMarked;
