/** What an operator can ask a gateway about itself: {@code /suture/status} and the {@code suture} info section. */
@NullMarked
package dev.suture.gateway.status;

import org.jspecify.annotations.NullMarked;
