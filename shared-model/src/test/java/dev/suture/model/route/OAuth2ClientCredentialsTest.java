package dev.suture.model.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.suture.model.validation.InvalidSpecException;
import dev.suture.model.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class OAuth2ClientCredentialsTest {

    private static final String TOKEN_URL = "https://auth.example.com/oauth2/token";

    @Test
    void credentialsNameWhereTheSecretIsAndTakeTheDocumentedDefaults() {
        OAuth2ClientCredentials grant = OAuth2ClientCredentials.fromEnv(
                TOKEN_URL,
                "orders-gateway",
                "ORDERS_CLIENT_SECRET",
                List.of("orders.write", "orders.read", "orders.read"));

        assertThat(grant.clientAuthentication()).isEqualTo("client_secret_basic");
        assertThat(grant.scopes()).as("sorted, without duplicates").containsExactly("orders.read", "orders.write");
        assertThat(grant.secretSource()).isEqualTo("environment variable ORDERS_CLIENT_SECRET");
        assertThat(OAuth2ClientCredentials.fromFile(TOKEN_URL, "c", "/run/secrets/orders", null)
                        .secretSource())
                .isEqualTo("file /run/secrets/orders");
    }

    @Test
    void exactlyOneSecretSourceIsRequired() {
        assertThatThrownBy(() -> new OAuth2ClientCredentials(TOKEN_URL, "c", null, null, null, null))
                .hasMessageContaining("exactly one of clientSecretEnv and clientSecretFile");
        assertThatThrownBy(() -> new OAuth2ClientCredentials(TOKEN_URL, "c", "SECRET", "/run/secret", null, null))
                .hasMessageContaining("exactly one of clientSecretEnv and clientSecretFile");
    }

    @Test
    void everyBadFieldIsReportedAtOnce() {
        assertThatThrownBy(() -> new OAuth2ClientCredentials(
                        "ftp://auth", "", "1NOT-A-NAME", null, List.of("has space"), "private_key_jwt"))
                .isInstanceOfSatisfying(
                        InvalidSpecException.class,
                        e -> assertThat(e.violations())
                                .extracting(Violation::field)
                                .containsExactlyInAnyOrder(
                                        "tokenUrl", "clientId", "clientSecretEnv", "scopes", "clientAuthentication"));
        assertThatThrownBy(() -> OAuth2ClientCredentials.fromFile(TOKEN_URL, "c", "relative/secret", null))
                .hasMessageContaining("clientSecretFile must be an absolute path");
    }

    @Test
    void aRouteCarriesItsCredentialsAndARouteWithoutThemHasNone() {
        RouteSpec plain = RouteSpec.of("orders", "/orders/**", List.of(UpstreamSpec.of("http://10.0.0.1")));
        UpstreamCredentials credentials =
                UpstreamCredentials.oauth2(OAuth2ClientCredentials.fromEnv(TOKEN_URL, "c", "SECRET", null));

        assertThat(plain.credentials()).isNull();
        assertThat(plain.withCredentials(credentials).credentials()).isEqualTo(credentials);
        assertThat(plain.withCredentials(credentials).withCredentials(null)).isEqualTo(plain);
        assertThatThrownBy(() -> new UpstreamCredentials(null)).hasMessageContaining("oauth2 is required");
    }
}
