/**
 * Traffic signals: the reports every gateway posts each second, merged fleet-wide into per-second rings per route
 * and instance, so that detection can read any window a policy asks for.
 */
@NullMarked
package dev.suture.control.signal;

import org.jspecify.annotations.NullMarked;
