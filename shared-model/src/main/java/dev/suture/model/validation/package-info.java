/** Field-by-field validation shared by every wire record. */
@NullMarked
package dev.suture.model.validation;

import org.jspecify.annotations.NullMarked;
