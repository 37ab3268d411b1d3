/** Routes as the admin API stores them: create, read, replace and delete, each change recorded as a revision. */
@NullMarked
package dev.suture.control.route;

import org.jspecify.annotations.NullMarked;
