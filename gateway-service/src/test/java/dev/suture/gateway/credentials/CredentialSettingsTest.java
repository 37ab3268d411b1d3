package dev.suture.gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The documented credential settings are the bound ones, and bad values fail at start naming the property. */
class CredentialSettingsTest {

    @Test
    void withNothingSetEverySettingTakesItsDocumentedDefault() throws IOException {
        CredentialSettings defaults = resolve(Map.of());
        Map<String, String> documented = documentedDefaults();

        assertThat(defaults.refreshAhead()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.tokenTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.minBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(CredentialSettings.defaults()).isEqualTo(defaults);
        assertThat(documented)
                .as("every suture.credentials property is in docs/gateway.md's settings table")
                .containsOnlyKeys(
                        "suture.credentials.refresh-ahead",
                        "suture.credentials.token-timeout",
                        "suture.credentials.min-backoff",
                        "suture.credentials.max-backoff");
        documented.forEach((property, value) -> assertThat(resolve(Map.of(property, value)))
                .as("%s set to its documented default %s", property, value)
                .isEqualTo(defaults));
    }

    @Test
    void aMaxBackoffBelowTheMinFailsNamingTheProperty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> resolve(Map.of("suture.credentials.max-backoff", "500ms")))
                .withMessage("suture.credentials.max-backoff must be between PT1S and PT10M but was PT0.5S");
    }

    @Test
    void aTokenTimeoutOutsideItsRangeFailsNamingTheProperty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> resolve(Map.of("suture.credentials.token-timeout", "0s")))
                .withMessageStartingWith("suture.credentials.token-timeout must be between");
    }

    private static CredentialSettings resolve(Map<String, String> properties) {
        Binder binder = new Binder(new MapConfigurationPropertySource(properties));
        return CredentialSettings.resolve(binder.bindOrCreate("suture.credentials", CredentialsProperties.class));
    }

    private static Map<String, String> documentedDefaults() throws IOException {
        Pattern row = Pattern.compile("^\\| `(suture\\.credentials\\.[a-z.-]+)`\\s*\\| `([^`<]+)`\\s*\\|");
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("..", "docs", "gateway.md"))) {
            Matcher matcher = row.matcher(line);
            if (matcher.find()) {
                defaults.put(matcher.group(1), matcher.group(2));
            }
        }
        return defaults;
    }
}
