package dev.suture.gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessTokenTest {

    @Test
    void aLongLivedTokenIsRenewedTheRefreshAheadMarginBeforeItExpires() {
        AccessToken token = AccessToken.of("abc", 1_000, 3_600_000, 30_000);

        assertThat(token.authorization()).isEqualTo("Bearer abc");
        assertThat(token.expiresAtMillis()).isEqualTo(3_601_000);
        assertThat(token.refreshAtMillis()).isEqualTo(3_571_000);
    }

    @Test
    void aShortLivedTokenIsRenewedHalfwayThroughItsLifetime() {
        AccessToken token = AccessToken.of("abc", 1_000, 2_000, 30_000);

        assertThat(token.refreshAtMillis()).isEqualTo(2_000);
        assertThat(token.expiresAtMillis()).isEqualTo(3_000);
    }

    @Test
    void theTokenNeverShowsInText() {
        assertThat(AccessToken.of("secret-token", 0, 1_000, 0)).asString().doesNotContain("secret-token");
    }
}
