/** Traffic signals: what each gateway saw of each route and instance, reported to the control service each second. */
@NullMarked
package dev.suture.model.signal;

import org.jspecify.annotations.NullMarked;
