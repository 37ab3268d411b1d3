/** Running Suture's services as local child processes: the one-command local system, and system tests. */
@NullMarked
package dev.suture.local;

import org.jspecify.annotations.NullMarked;
