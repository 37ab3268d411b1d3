package dev.suture.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every {@code suture.*} setting of both services with its default. These tests read the
 * services' {@code @ConfigurationProperties} records from their sources (this module never loads the services'
 * classes) and hold the page to them both ways; and they hold the page to the tables in the feature guides
 * (docs/api.md and docs/gateway.md), so that no two documents disagree about a default.
 */
class DocumentedSettingsTest {

    private static final Pattern PREFIX = Pattern.compile("@ConfigurationProperties\\(\"([^\"]+)\"\\)");
    private static final Pattern RECORD =
            Pattern.compile("record (\\w+)\\(((?:[^()]|\\((?:[^()\"]|\"[^\"]*\")*\\))*)\\)");
    private static final Pattern COMPONENT =
            Pattern.compile("(?:@DefaultValue(?:\\(\"([^\"]*)\"\\))?\\s+)?(?:@Nullable\\s+)?([\\w.<>]+)\\s+(\\w+)$");

    private final Path root = LocalFleet.projectRoot();

    @Test
    void everyControlServiceSettingIsDocumentedWithItsRealDefault() {
        Map<String, Optional<String>> bound = bound(root.resolve("control-service/src/main/java"));

        assertThat(bound).containsKeys("suture.healing.recovery-hold", "suture.database.embedded.data-dir");
        assertDocumented(bound, documented("## Control service"));
    }

    @Test
    void everyGatewaySettingIsDocumentedWithItsRealDefault() {
        Map<String, Optional<String>> bound = bound(root.resolve("gateway-service/src/main/java"));

        assertThat(bound).containsKeys("suture.control.url", "suture.gateway.report-interval");
        assertDocumented(bound, documented("## Gateway"));
    }

    @Test
    void theFeatureGuidesStateTheSameDefaults() {
        assertSameDefaults(documented("## Control service"), table("api.md", "## Settings"));
        assertSameDefaults(documented("## Gateway"), table("gateway.md", "## Settings"));
    }

    private static void assertDocumented(Map<String, Optional<String>> bound, Map<String, String> documented) {
        bound.forEach((property, realDefault) -> {
            assertThat(documented).as("docs/configuration.md lists " + property).containsKey(property);
            realDefault.ifPresent(value -> assertThat(literal(documented.get(property)))
                    .as("documented default of " + property)
                    .isEqualTo(value));
        });
        documented.keySet().stream()
                .filter(property -> property.startsWith("suture."))
                .forEach(property -> assertThat(bound)
                        .as(property + " is documented but no service binds it")
                        .containsKey(property));
    }

    private static void assertSameDefaults(Map<String, String> here, Map<String, String> guide) {
        guide.forEach((property, cell) -> {
            if (property.startsWith("suture.") && cell.startsWith("`")) {
                assertThat(here).as("docs/configuration.md lists " + property).containsKey(property);
                assertThat(literal(here.get(property)))
                        .as("default of " + property + " in both documents")
                        .isEqualTo(literal(cell));
            }
        });
    }

    /** A documented default as the value it stands for: {@code `5s`} is 5s, {@code `""`} the empty text. */
    private static String literal(String cell) {
        String code = MarkdownTable.code(cell);
        return code.equals("\"\"") ? "" : code;
    }

    private Map<String, String> documented(String heading) {
        return table("configuration.md", heading);
    }

    private static Map<String, String> table(String document, String heading) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (List<String> row : MarkdownTable.under(document, heading)) {
            rows.put(MarkdownTable.code(row.get(0)), row.get(1));
        }
        return rows;
    }

    /** Every property the {@code @ConfigurationProperties} records under {@code sources} bind, with its default. */
    private static Map<String, Optional<String>> bound(Path sources) {
        Map<String, Optional<String>> properties = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String source = read(file);
                Matcher prefix = PREFIX.matcher(source);
                if (prefix.find()) {
                    Map<String, String> records = records(source);
                    String first = records.keySet().iterator().next();
                    collect(prefix.group(1), records.get(first), records, properties);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** Adds the components of one record; a component whose type is a record of the same file is entered. */
    private static void collect(
            String prefix, String components, Map<String, String> records, Map<String, Optional<String>> into) {
        for (String component : components.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            Matcher matcher = COMPONENT.matcher(component.strip());
            assertThat(matcher.find()).as("a record component: " + component).isTrue();
            String property = prefix + "." + kebab(matcher.group(3));
            String type = matcher.group(2);
            if (records.containsKey(type)) {
                collect(property, records.get(type), records, into);
            } else {
                into.put(property, Optional.ofNullable(matcher.group(1)));
            }
        }
    }

    private static Map<String, String> records(String source) {
        Map<String, String> records = new LinkedHashMap<>();
        String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
        Matcher matcher = RECORD.matcher(code);
        while (matcher.find()) {
            records.put(matcher.group(1), matcher.group(2));
        }
        assertThat(records).as("records in a @ConfigurationProperties file").isNotEmpty();
        return records;
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
