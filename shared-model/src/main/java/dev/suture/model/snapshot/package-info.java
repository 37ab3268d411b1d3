/** The versioned configuration snapshot pushed to every gateway, and the healing overlay inside it. */
@NullMarked
package dev.suture.model.snapshot;

import org.jspecify.annotations.NullMarked;
