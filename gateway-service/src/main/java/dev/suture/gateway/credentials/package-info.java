/**
 * Upstream credentials: access tokens that the gateway gets from an OAuth2 authorization server with the client
 * credentials grant, caches until shortly before they expire, adds to the requests of the routes that declare them,
 * and renews once when an upstream refuses one with 401.
 */
@NullMarked
package dev.suture.gateway.credentials;

import org.jspecify.annotations.NullMarked;
