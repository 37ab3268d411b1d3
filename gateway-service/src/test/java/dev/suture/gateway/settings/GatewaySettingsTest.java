package dev.suture.gateway.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** The documented defaults are the real ones, and bad values fail at start naming the property. */
class GatewaySettingsTest {

    @Test
    void withNothingSetEveryPropertyTakesItsDocumentedDefault() {
        GatewaySettings settings = resolve(bind(Map.of()));

        assertThat(settings.controlUrl()).isEqualTo(URI.create("http://localhost:8081"));
        assertThat(settings.minBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.ackTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.maxRoutes()).isEqualTo(10_000);
        assertThat(settings.reportInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.reportBuffer()).isEqualTo(30);
        assertThat(settings.reportTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.id()).matches("gw-7-[0-9a-f]{6}");
        assertThat(settings.snapshotFile()).isEqualTo(Path.of("data", "gateway-" + settings.id(), "snapshot.json"));
        assertThat(settings.address(8080)).isEqualTo("http://gw-7:8080");
    }

    @Test
    void everyDefaultInTheDocumentedSettingsTableIsTheBoundDefault() throws IOException {
        Map<String, String> documented = documentedDefaults();
        GatewaySettings withNothingSet = resolve(bind(Map.of()));

        assertThat(documented)
                .as("settings documented with a literal default")
                .containsKeys("suture.control.url", "suture.gateway.report-interval", "suture.gateway.report-buffer")
                .containsKey("suture.control.report-timeout");
        documented.forEach((property, value) -> assertThat(resolve(bind(Map.of(property, value))))
                .as("%s set to its documented default %s", property, value)
                .isEqualTo(withNothingSet));
    }

    @Test
    void aReportIntervalOutsideTheWireContractFailsNamingTheProperty() {
        SutureProperties properties = bind(Map.of("suture.gateway.report-interval", "50ms"));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> resolve(properties))
                .withMessage("suture.gateway.report-interval must be between 100ms and 60s but was PT0.05S");
    }

    @Test
    void theServerPortDefaultsTo8080() throws IOException {
        List<PropertySource<?>> yaml =
                new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"));

        assertThat(yaml.get(0).getProperty("server.port")).isEqualTo(8080);
    }

    @Test
    void environmentVariablesBindThroughRelaxedBinding() {
        SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of(
                        "SUTURE_CONTROL_URL", "http://control.internal:9000/",
                        "SUTURE_GATEWAY_ID", "edge-1",
                        "SUTURE_GATEWAY_MAX_ROUTES", "50"));
        Binder binder = new Binder(ConfigurationPropertySources.from(environment));

        GatewaySettings settings = resolve(binder.bindOrCreate("suture", SutureProperties.class));

        assertThat(settings.controlUrl()).as("trailing slash dropped").hasToString("http://control.internal:9000");
        assertThat(settings.id()).isEqualTo("edge-1");
        assertThat(settings.maxRoutes()).isEqualTo(50);
        assertThat(settings.snapshotFile()).isEqualTo(Path.of("data", "gateway-edge-1", "snapshot.json"));
    }

    @Test
    void aConfiguredAddressIsUsedAsGiven() {
        GatewaySettings settings = resolve(bind(Map.of("suture.gateway.address", "https://edge.example.com")));

        assertThat(settings.address(8080)).isEqualTo("https://edge.example.com");
    }

    @Test
    void generatedIdsAreValidIdsAndDifferPerInstance() {
        Random random = new Random();

        String first = GatewaySettings.generatedId("My_Host.Example.COM", random);
        String second = GatewaySettings.generatedId("My_Host.Example.COM", random);

        assertThat(first).matches("my_host-example-com-[0-9a-f]{6}");
        assertThat(first).isNotEqualTo(second);
        assertThat(GatewaySettings.generatedId("..", random)).matches("gateway-[0-9a-f]{6}");
    }

    @Test
    void aMaxBackoffBelowTheMinFailsNamingTheProperty() {
        SutureProperties properties =
                bind(Map.of("suture.control.min-backoff", "2s", "suture.control.max-backoff", "1s"));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> resolve(properties))
                .withMessage("suture.control.max-backoff must be >= min but was PT1S");
    }

    @Test
    void anIdTheControlServiceWouldRefuseFailsAtStart() {
        SutureProperties properties = bind(Map.of("suture.gateway.id", "Edge One"));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> resolve(properties))
                .withMessageStartingWith("suture.gateway.id must be");
    }

    @Test
    void maxRoutesAboveTheWireLimitFails() {
        SutureProperties properties = bind(Map.of("suture.gateway.max-routes", "20000"));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> resolve(properties))
                .withMessage("suture.gateway.max-routes must be between 1 and 10000 but was 20000");
    }

    /** Property to default of each row of docs/gateway.md's settings table whose default is one literal value. */
    private static Map<String, String> documentedDefaults() throws IOException {
        Pattern row = Pattern.compile("^\\| `(suture\\.[a-z.-]+)`\\s*\\| `([^`<]+)`\\s*\\|");
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("..", "docs", "gateway.md"))) {
            Matcher matcher = row.matcher(line);
            if (matcher.find()) {
                defaults.put(matcher.group(1), matcher.group(2));
            }
        }
        return defaults;
    }

    private static SutureProperties bind(Map<String, String> properties) {
        Binder binder = new Binder(new MapConfigurationPropertySource(properties));
        return binder.bindOrCreate("suture", SutureProperties.class);
    }

    private static GatewaySettings resolve(SutureProperties properties) {
        return GatewaySettings.resolve(properties, "gw-7", "dev", new Random(7));
    }
}
