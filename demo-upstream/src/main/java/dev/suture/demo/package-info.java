/**
 * The demo upstream: several instances of one HTTP service in one process, each on its own port, and a fault API that
 * breaks any of them on demand (errors, latency, dropped connections, refused connections, expired credentials,
 * limited capacity).
 */
@NullMarked
package dev.suture.demo;

import org.jspecify.annotations.NullMarked;
