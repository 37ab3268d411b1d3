package dev.suture.gateway.credentials;

import dev.suture.model.route.OAuth2ClientCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads a client secret from where a route's credentials say it is: the gateway's environment or a file on the
 * gateway. It reads at every token request, not once, so that a secret file replaced on disk (a rotated, mounted
 * secret) takes effect with the next token. Failures name the source, never the secret.
 *
 * <p>Thread-safe: it keeps nothing.
 */
public final class SecretReader {

    private final Function<String, @Nullable String> environment;

    /** Reads variables through {@code environment}, which is {@link System#getenv(String)} outside tests. */
    public SecretReader(Function<String, @Nullable String> environment) {
        this.environment = environment;
    }

    /** The secret, or an error naming why it cannot be read; a file is read off the event loop. */
    Mono<String> read(OAuth2ClientCredentials grant) {
        String variable = grant.clientSecretEnv();
        if (variable != null) {
            return Mono.fromCallable(() -> fromEnvironment(variable));
        }
        String file = grant.clientSecretFile();
        if (file == null) {
            return Mono.error(new TokenRefreshException("the credentials name no client secret"));
        }
        return Mono.fromCallable(() -> fromFile(Path.of(file))).subscribeOn(Schedulers.boundedElastic());
    }

    private String fromEnvironment(String variable) {
        String value = environment.apply(variable);
        if (value == null) {
            throw new TokenRefreshException("environment variable " + variable + " is not set on this gateway");
        }
        if (value.isBlank()) {
            throw new TokenRefreshException("environment variable " + variable + " is empty on this gateway");
        }
        return value;
    }

    private static String fromFile(Path file) {
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new TokenRefreshException("secret file " + file + " is empty");
            }
            return value;
        } catch (NoSuchFileException e) {
            throw new TokenRefreshException("secret file " + file + " does not exist on this gateway");
        } catch (AccessDeniedException e) {
            throw new TokenRefreshException("secret file " + file + " is not readable by the gateway");
        } catch (IOException e) {
            throw new TokenRefreshException("secret file " + file + " could not be read: " + e.getMessage());
        }
    }
}
