/**
 * What every admin endpoint shares: RFC 9457 problem responses, paging, ETag preconditions, the actor header and the
 * request body size limit.
 */
@NullMarked
package dev.suture.control.api;

import org.jspecify.annotations.NullMarked;
