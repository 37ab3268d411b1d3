/** The gateway's own settings: bound from {@code suture.*} properties, then resolved and checked once at start. */
@NullMarked
package dev.suture.gateway.settings;

import org.jspecify.annotations.NullMarked;
