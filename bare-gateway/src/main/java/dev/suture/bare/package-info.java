/** The benchmark baseline: a bare Spring Cloud Gateway. */
@NullMarked
package dev.suture.bare;

import org.jspecify.annotations.NullMarked;
