package dev.suture.model.route;

import dev.suture.model.validation.SpecCheck;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth2 client-credentials grant (RFC 6749 section 4.4) a gateway uses to get access tokens for a route's
 * upstream instances. The client secret is not part of it: exactly one of {@code clientSecretEnv} and {@code
 * clientSecretFile} names where each gateway reads the secret, at the moment it asks for a token.
 *
 * @param tokenUrl the authorization server's token endpoint, an absolute http(s) URL without query
 * @param clientId the client identifier, 1 to 255 printable characters
 * @param clientSecretEnv name of the gateway's environment variable holding the secret ({@code [A-Za-z_][A-Za-z0-9_]*},
 *     at most 255 characters), or null when {@code clientSecretFile} is given
 * @param clientSecretFile absolute path of a file on the gateway holding the secret (surrounding whitespace is
 *     trimmed), or null when {@code clientSecretEnv} is given
 * @param scopes scopes to ask for, 0 to 32 RFC 6749 scope tokens; stored sorted without duplicates; default none
 * @param clientAuthentication how the client authenticates to the token endpoint, {@code client_secret_basic} or
 *     {@code client_secret_post}; default {@code client_secret_basic}
 */
public record OAuth2ClientCredentials(
        String tokenUrl,
        String clientId,
        @Nullable String clientSecretEnv,
        @Nullable String clientSecretFile,
        List<String> scopes,
        String clientAuthentication) {

    public static final String CLIENT_SECRET_BASIC = "client_secret_basic";
    public static final String CLIENT_SECRET_POST = "client_secret_post";
    public static final int MAX_SCOPES = 32;

    private static final Set<String> AUTHENTICATIONS = Set.of(CLIENT_SECRET_BASIC, CLIENT_SECRET_POST);
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]{1,255}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    /** RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");

    public OAuth2ClientCredentials(
            @Nullable String tokenUrl,
            @Nullable String clientId,
            @Nullable String clientSecretEnv,
            @Nullable String clientSecretFile,
            @Nullable List<String> scopes,
            @Nullable String clientAuthentication) {
        SpecCheck check = SpecCheck.of("oauth2 client credentials");
        this.tokenUrl = check.httpUrl("tokenUrl", tokenUrl);
        this.clientId = clientId;
        check.require(
                clientId != null && PRINTABLE.matcher(clientId).matches(),
                "clientId",
                "is required: 1 to 255 printable ASCII characters");
        this.clientSecretEnv = blankToNull(clientSecretEnv);
        this.clientSecretFile = blankToNull(clientSecretFile);
        checkSecretSource(check, this.clientSecretEnv, this.clientSecretFile);
        this.scopes = normalizeScopes(check, scopes);
        this.clientAuthentication =
                clientAuthentication == null ? CLIENT_SECRET_BASIC : clientAuthentication.toLowerCase(Locale.ROOT);
        check.require(
                AUTHENTICATIONS.contains(this.clientAuthentication),
                "clientAuthentication",
                "must be client_secret_basic or client_secret_post");
        check.throwIfInvalid();
    }

    /** Credentials whose secret is in the gateway's environment variable {@code env}. */
    public static OAuth2ClientCredentials fromEnv(String tokenUrl, String clientId, String env, List<String> scopes) {
        return new OAuth2ClientCredentials(tokenUrl, clientId, env, null, scopes, null);
    }

    /** Credentials whose secret is in the file {@code path} on the gateway. */
    public static OAuth2ClientCredentials fromFile(String tokenUrl, String clientId, String path, List<String> scopes) {
        return new OAuth2ClientCredentials(tokenUrl, clientId, null, path, scopes, null);
    }

    /** Where the secret comes from, for messages: never the secret itself. */
    public String secretSource() {
        return clientSecretEnv != null ? "environment variable " + clientSecretEnv : "file " + clientSecretFile;
    }

    private static void checkSecretSource(SpecCheck check, @Nullable String env, @Nullable String file) {
        check.require(
                (env == null) != (file == null),
                "clientSecretEnv",
                "exactly one of clientSecretEnv and clientSecretFile must name where the gateway reads the secret");
        check.require(
                env == null || ENV_NAME.matcher(env).matches(),
                "clientSecretEnv",
                "must be an environment variable name: letters, digits and '_', not starting with a digit");
        check.require(
                file == null
                        || (file.startsWith("/")
                                && file.length() <= 1024
                                && file.chars().noneMatch(c -> c < 0x20)),
                "clientSecretFile",
                "must be an absolute path of at most 1024 characters without control characters");
    }

    private static List<String> normalizeScopes(SpecCheck check, @Nullable List<String> scopes) {
        List<String> sorted = check.list("scopes", scopes, MAX_SCOPES).stream()
                .distinct()
                .sorted()
                .toList();
        for (String scope : sorted) {
            check.require(
                    SCOPE.matcher(scope).matches(),
                    "scopes",
                    "contains '" + scope + "', which is not an OAuth2 scope token (1 to 128 printable characters,"
                            + " no space, '\"' or '\\')");
        }
        return sorted;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
