package dev.suture.gateway.credentials;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code suture.credentials.*} properties as bound by Spring; {@link CredentialSettings#resolve} checks them.
 *
 * @param refreshAhead how long before its expiry a token is renewed, at most half its lifetime; default 30s
 * @param tokenTimeout time allowed for one token request, connecting included; default 5s
 * @param minBackoff wait after a failed token request before the next; default 1s
 * @param maxBackoff longest wait between token requests that keep failing; default 30s
 */
@ConfigurationProperties("suture.credentials")
public record CredentialsProperties(
        @DefaultValue("30s") Duration refreshAhead,
        @DefaultValue("5s") Duration tokenTimeout,
        @DefaultValue("1s") Duration minBackoff,
        @DefaultValue("30s") Duration maxBackoff) {}
