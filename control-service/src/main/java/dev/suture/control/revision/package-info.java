/** The history of declared configuration: one revision per change of a route or a policy, kept after a delete. */
@NullMarked
package dev.suture.control.revision;

import org.jspecify.annotations.NullMarked;
