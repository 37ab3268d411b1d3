package dev.suture.gateway.credentials;

import java.time.Duration;

/**
 * The checked upstream-credentials settings. Immutable.
 *
 * @param refreshAhead how long before its expiry a token is renewed, capped at half of each token's lifetime
 * @param tokenTimeout time allowed for one token request
 * @param minBackoff wait after the first failed token request in a row
 * @param maxBackoff cap on the wait as failures go on
 */
public record CredentialSettings(
        Duration refreshAhead, Duration tokenTimeout, Duration minBackoff, Duration maxBackoff) {

    /** The settings with every property at its default. */
    public static CredentialSettings defaults() {
        return resolve(new CredentialsProperties(
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30)));
    }

    /** Checks each property, failing with a message that names it. */
    public static CredentialSettings resolve(CredentialsProperties properties) {
        requireBetween(
                "suture.credentials.refresh-ahead", properties.refreshAhead(), Duration.ZERO, Duration.ofHours(1));
        requireBetween(
                "suture.credentials.token-timeout",
                properties.tokenTimeout(),
                Duration.ofMillis(100),
                Duration.ofSeconds(60));
        requireBetween(
                "suture.credentials.min-backoff",
                properties.minBackoff(),
                Duration.ofMillis(10),
                Duration.ofMinutes(10));
        requireBetween(
                "suture.credentials.max-backoff",
                properties.maxBackoff(),
                properties.minBackoff(),
                Duration.ofMinutes(10));
        return new CredentialSettings(
                properties.refreshAhead(), properties.tokenTimeout(), properties.minBackoff(), properties.maxBackoff());
    }

    private static void requireBetween(String property, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    property + " must be between " + min + " and " + max + " but was " + value);
        }
    }
}
