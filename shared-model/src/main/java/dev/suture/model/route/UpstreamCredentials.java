package dev.suture.model.route;

import dev.suture.model.validation.SpecCheck;
import org.jspecify.annotations.Nullable;

/**
 * What a gateway presents to a route's upstream instances so that they accept its requests. Only OAuth2 client
 * credentials exist today; the wrapper leaves room for other kinds without changing {@link RouteSpec}.
 *
 * <p>A route's credentials never carry a secret: they name where each gateway reads it from, so that secrets stay
 * out of the control service's database, its revisions and every pushed snapshot.
 *
 * @param oauth2 an OAuth2 client-credentials grant whose access token goes out as {@code Authorization: Bearer}
 */
public record UpstreamCredentials(OAuth2ClientCredentials oauth2) {

    public UpstreamCredentials(@Nullable OAuth2ClientCredentials oauth2) {
        SpecCheck check = SpecCheck.of("credentials");
        check.require(oauth2 != null, "oauth2", "is required");
        this.oauth2 = oauth2;
        check.throwIfInvalid();
    }

    public static UpstreamCredentials oauth2(OAuth2ClientCredentials grant) {
        return new UpstreamCredentials(grant);
    }
}
