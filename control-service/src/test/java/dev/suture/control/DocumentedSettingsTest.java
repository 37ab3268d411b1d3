package dev.suture.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;

/**
 * The settings table of docs/api.md states each {@code suture.*} setting's default. This test binds every settings
 * class with nothing configured, the way the service starts, and holds each documented default to the bound value.
 */
class DocumentedSettingsTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(suture\\.[^`]+)` \\| `([^`]+)`");
    /** How the table writes an empty text default, since a code span cannot be empty. */
    private static final String EMPTY = "\"\"";

    private static final Map<String, String> SETTINGS_CLASSES = Map.of(
            "suture.api", "dev.suture.control.api.ApiProperties",
            "suture.fleet", "dev.suture.control.fleet.FleetProperties",
            "suture.database.embedded", "dev.suture.control.database.EmbeddedDatabaseProperties",
            "suture.signals", "dev.suture.control.signal.SignalProperties",
            "suture.detection", "dev.suture.control.detection.DetectionProperties",
            "suture.healing", "dev.suture.control.healing.HealingProperties");

    @Test
    void everyDocumentedSettingDefaultIsTheBoundDefault() throws Exception {
        Map<String, String> documented = documentedSettings();
        Binder nothingConfigured = new Binder(new MapConfigurationPropertySource());

        assertThat(documented).hasSizeGreaterThanOrEqualTo(6);
        for (Map.Entry<String, String> setting : documented.entrySet()) {
            String prefix = setting.getKey().substring(0, setting.getKey().lastIndexOf('.'));
            Class<?> type = Class.forName(SETTINGS_CLASSES.get(prefix));
            Object bound = nothingConfigured.bindOrCreate(prefix, type);
            RecordComponent component = component(type, setting.getKey());
            component.getAccessor().setAccessible(true);
            Object actual = component.getAccessor().invoke(bound);
            Object expected = EMPTY.equals(setting.getValue())
                    ? ""
                    : ApplicationConversionService.getSharedInstance().convert(setting.getValue(), component.getType());

            assertThat(actual).as(setting.getKey()).isEqualTo(expected);
        }
    }

    @Test
    void everySettingIsDocumented() throws Exception {
        Map<String, String> documented = documentedSettings();

        for (Map.Entry<String, String> settings : SETTINGS_CLASSES.entrySet()) {
            for (RecordComponent component : Class.forName(settings.getValue()).getRecordComponents()) {
                assertThat(documented).containsKey(settings.getKey() + "." + kebab(component.getName()));
            }
        }
    }

    private static RecordComponent component(Class<?> type, String property) {
        String name = property.substring(property.lastIndexOf('.') + 1);
        for (RecordComponent component : type.getRecordComponents()) {
            if (kebab(component.getName()).equals(name)) {
                return component;
            }
        }
        throw new AssertionError(property + " is documented but " + type.getSimpleName() + " has no such setting");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static Map<String, String> documentedSettings() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "api.md"));
        String settings = doc.substring(doc.indexOf("\n## Settings"));
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : settings.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                rows.put(row.group(1), row.group(2));
            }
        }
        return rows;
    }
}
