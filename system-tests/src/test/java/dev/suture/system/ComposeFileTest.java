package dev.suture.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docs/configuration.md describes docker-compose.yml: its services with their ports, and the variables it reads with
 * their defaults. These tests hold the file and the page to each other, and check the rules the compose setup keeps:
 * scalable gateways behind one entry point, start order by health, and images that run unprivileged with a health
 * check. (CI also validates the file with a real compose tool; see .ci/run.)
 */
class ComposeFileTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::-([^}]*))?}");

    private final Path root = LocalFleet.projectRoot();
    private final String text = read(root.resolve("docker-compose.yml"));
    private final Map<String, Object> services = map(load(text).get("services"));

    @Test
    void theFileHasExactlyTheDocumentedServicesWithTheirPorts() {
        List<List<String>> rows = MarkdownTable.under("configuration.md", "### Services");
        Set<String> documented = new TreeSet<>();

        for (List<String> row : rows) {
            String name = MarkdownTable.code(row.get(0));
            documented.add(name);
            assertThat(services).as("services in docker-compose.yml").containsKey(name);
            assertThat(containerPorts(service(name)))
                    .as("ports of " + name)
                    .containsExactlyInAnyOrderElementsOf(MarkdownTable.codes(row.get(1)));
            assertHostPort(name, row.get(2));
        }
        assertThat(services.keySet()).as("services the docs describe").isEqualTo(documented);
    }

    @Test
    void everyDocumentedVariableIsReadByTheServicesNamedWithTheDocumentedDefault() {
        for (List<String> row : MarkdownTable.under("configuration.md", "### Variables")) {
            String variable = MarkdownTable.code(row.get(0));
            String documentedDefault = row.get(2).equals("empty") ? "" : MarkdownTable.code(row.get(2));
            for (String name : MarkdownTable.codes(row.get(1))) {
                assertThat(variablesReadBy(name).keySet())
                        .as("variables read by " + name)
                        .contains(variable);
                assertThat(variablesReadBy(name).get(variable))
                        .as("default of " + variable + " in " + name)
                        .containsOnly(documentedDefault);
            }
        }
    }

    @Test
    void everyVariableTheFileReadsIsDocumented() {
        Set<String> documented = new TreeSet<>();
        MarkdownTable.under("configuration.md", "### Variables")
                .forEach(row -> documented.add(MarkdownTable.code(row.get(0))));

        Set<String> read = new TreeSet<>();
        Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            read.add(matcher.group(1));
        }
        assertThat(documented).containsAll(read);
    }

    @Test
    void everySutureSettingTheServicesAreGivenIsADocumentedProperty() {
        assertSettingsDocumented("control", "## Control service");
        assertSettingsDocumented("gateway", "## Gateway");
    }

    @Test
    void gatewaysScaleBehindOneEntryPointAndStartInOrderOfHealth() {
        Map<String, Object> gateway = service("gateway");
        assertThat(gateway)
                .as("a scalable service has no fixed host port or name")
                .doesNotContainKeys("ports", "container_name");
        assertThat(map(gateway.get("environment")).get("SUTURE_CONTROL_URL")).isEqualTo("http://control:8081");
        assertThat(read(root.resolve("docker/haproxy.cfg"))).contains("server-template gateway", "gateway:8080");

        assertThat(map(map(service("control").get("depends_on")).get("postgres")))
                .containsEntry("condition", "service_healthy");
        assertThat(map(map(gateway.get("depends_on")).get("control"))).containsEntry("condition", "service_healthy");
        assertThat(map(service("control").get("environment"))
                        .get("SPRING_DATASOURCE_URL")
                        .toString())
                .startsWith("jdbc:postgresql://postgres:5432/");
    }

    @Test
    void imagesBuiltFromThisRepositoryRunUnprivilegedWithAHealthCheck() {
        String dockerfile = read(root.resolve("docker/Dockerfile"));
        Set<String> targets = new LinkedHashSet<>();
        services.forEach((name, definition) -> {
            Object build = map(definition).get("build");
            if (build != null) {
                targets.add(map(build).get("target").toString());
            }
        });

        assertThat(targets).containsExactlyInAnyOrder("control", "gateway", "demo-upstream");
        for (String target : targets) {
            String stage = stage(dockerfile, target);
            assertThat(stage).as("stage " + target).contains("HEALTHCHECK").containsPattern("(?m)^USER suture$");
            assertThat(stage).as("stage " + target).doesNotContainPattern("(?i)password|secret|token");
        }
        assertThat(read(root.resolve(".dockerignore"))).contains("**/target", "data");
    }

    private void assertHostPort(String name, String cell) {
        List<String> published = strings(service(name).get("ports"));
        if (cell.equals("none")) {
            assertThat(published).as("host ports of " + name).isEmpty();
            return;
        }
        String variable = MarkdownTable.code(cell);
        String port = cell.replaceAll(".*\\((\\d+).*", "$1");
        assertThat(published)
                .as("host ports of " + name)
                .anyMatch(p -> p.startsWith("${" + variable + ":-" + port + "}:"));
    }

    private void assertSettingsDocumented(String service, String heading) {
        Set<String> documented = new TreeSet<>();
        MarkdownTable.under("configuration.md", heading)
                .forEach(row -> documented.add(MarkdownTable.code(row.get(0))
                        .toUpperCase(Locale.ROOT)
                        .replace('.', '_')
                        .replace('-', '_')));
        Set<String> given =
                new TreeSet<>(map(service(service).get("environment")).keySet());
        given.removeIf(key -> !key.startsWith("SUTURE_") && !key.startsWith("SPRING_"));

        assertThat(documented)
                .as("settings of " + service + " in docs/configuration.md")
                .containsAll(given);
    }

    private Map<String, List<String>> variablesReadBy(String name) {
        Map<String, List<String>> read = new HashMap<>();
        for (String value : scalars(service(name))) {
            Matcher matcher = VARIABLE.matcher(value);
            while (matcher.find()) {
                read.computeIfAbsent(matcher.group(1), v -> new ArrayList<>())
                        .add(matcher.group(2) == null ? "" : matcher.group(2));
            }
        }
        return read;
    }

    /** Every value in a YAML tree, as text. */
    private static List<String> scalars(Object node) {
        List<String> values = new ArrayList<>();
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(value -> values.addAll(scalars(value)));
        } else if (node instanceof List<?> list) {
            list.forEach(item -> values.addAll(scalars(item)));
        } else if (node != null) {
            values.add(node.toString());
        }
        return values;
    }

    private static Set<String> containerPorts(Map<String, Object> service) {
        Set<String> ports = new TreeSet<>(strings(service.get("expose")));
        strings(service.get("ports")).forEach(p -> ports.add(p.substring(p.lastIndexOf(':') + 1)));
        return ports;
    }

    /** The lines of the Dockerfile stage {@code FROM ... AS target}, up to the next FROM. */
    private static String stage(String dockerfile, String target) {
        Matcher matcher = Pattern.compile("(?ms)^FROM \\S+ AS " + Pattern.quote(target) + "$(.*?)(?=^FROM |\\z)")
                .matcher(dockerfile);
        assertThat(matcher.find())
                .as("stage " + target + " in docker/Dockerfile")
                .isTrue();
        return matcher.group(1);
    }

    private Map<String, Object> service(String name) {
        return map(services.get(name));
    }

    private static Map<String, Object> load(String yaml) {
        return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> strings.add(String.valueOf(item)));
        }
        return strings;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
