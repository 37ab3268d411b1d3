/**
 * The gateway fleet: each gateway's long-lived config stream, its acknowledgements and rejections, and the fleet
 * listing operators read.
 */
@NullMarked
package dev.suture.control.fleet;

import org.jspecify.annotations.NullMarked;
