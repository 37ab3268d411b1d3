/** Routes as operators declare them: matching, upstream pools and timeouts. */
@NullMarked
package dev.suture.model.route;

import org.jspecify.annotations.NullMarked;
