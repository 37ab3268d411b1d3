package dev.suture.model.signal;

import dev.suture.model.validation.SpecCheck;

/**
 * What one gateway's upstream credentials did for one route during one report window: the access tokens it fetched,
 * and the requests that a token decided.
 *
 * @param refreshes token requests that got a token, ahead of expiry or after an upstream refused the token
 * @param failedRefreshes token requests that failed: unreachable or refusing token endpoint, unreadable answer,
 *     secret not readable on the gateway
 * @param replays requests the upstream answered 401 with a cached token and that were sent again, once, with a new
 *     one; the refused attempt is counted here and not among the instance's outcomes
 * @param unavailable requests the gateway answered 503 itself because it had no usable token
 */
public record CredentialSignals(long refreshes, long failedRefreshes, long replays, long unavailable) {

    public CredentialSignals {
        SpecCheck check = SpecCheck.of("credential signals");
        check.require(
                refreshes >= 0 && failedRefreshes >= 0 && replays >= 0 && unavailable >= 0,
                "refreshes",
                "counts must not be negative");
        check.throwIfInvalid();
    }

    /** Whether anything happened in the window. */
    public boolean isEmpty() {
        return refreshes == 0 && failedRefreshes == 0 && replays == 0 && unavailable == 0;
    }
}
