package dev.suture.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.route.UpstreamSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/api.md states the default of every route and policy field in a table. These tests read those tables and hold
 * them to the records in shared-model, both ways: every documented default is the real one, and every field is
 * documented.
 */
class DocumentedDefaultsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| ([^|]+) \\|");
    private static final String REQUIRED = "required";

    private final JsonNode policyDefaults = JSON.valueToTree(HealingPolicySpec.defaults("any"));
    private final JsonNode routeDefaults = JSON.valueToTree(new RouteSpec(
            "any", "/any", null, null, List.of(new UpstreamSpec("http://any", null)), null, null, null, null));

    @Test
    void everyDocumentedPolicyDefaultIsTheRealOne() throws IOException {
        Map<String, String> documented = table("### Policy fields");

        assertThat(documented).containsKeys("retry.maxAttempts", "circuitBreaker.failureRatePercent");
        documented.forEach((field, cell) -> assertDocumentedDefault(field, cell, policyDefaults));
    }

    @Test
    void everyPolicySettingIsDocumented() throws IOException {
        assertThat(table("### Policy fields").keySet()).containsAll(leaves("", policyDefaults));
    }

    @Test
    void everyDocumentedRouteDefaultIsTheRealOne() throws IOException {
        Map<String, String> documented = table("### Route fields");

        assertThat(documented).containsKeys("connectTimeoutMs", "upstreams[].weight");
        documented.forEach((field, cell) -> assertDocumentedDefault(field, cell, routeDefaults));
    }

    @Test
    void everyRouteFieldIsDocumented() throws IOException {
        assertThat(table("### Route fields").keySet()).containsAll(leaves("", routeDefaults));
    }

    @Test
    void theKeyNumbersMatchTheRecordsConstants() throws IOException {
        Map<String, String> route = table("### Route fields");

        assertThat(route.get("connectTimeoutMs")).isEqualTo("`" + RouteSpec.DEFAULT_CONNECT_TIMEOUT_MS + "`");
        assertThat(route.get("responseTimeoutMs")).isEqualTo("`" + RouteSpec.DEFAULT_RESPONSE_TIMEOUT_MS + "`");
        assertThat(route.get("upstreams[].weight")).isEqualTo("`" + UpstreamSpec.DEFAULT_WEIGHT + "`");
        assertThat(route.get("policy")).isEqualTo("`\"" + RouteSpec.DEFAULT_POLICY + "\"`");
    }

    private static void assertDocumentedDefault(String field, String cell, JsonNode defaults) {
        JsonNode actual = at(defaults, field);
        if (cell.equals(REQUIRED)) {
            return;
        }
        assertThat(cell).as(field).startsWith("`").endsWith("`");
        JsonNode stated = JSON.readTree(cell.substring(1, cell.length() - 1));
        if (stated.isNumber() && actual.isNumber()) {
            assertThat(stated.decimalValue())
                    .as("documented default of " + field)
                    .isEqualByComparingTo(actual.decimalValue());
        } else {
            assertThat(stated).as("documented default of " + field).isEqualTo(actual);
        }
    }

    /** The value at a documented path; {@code upstreams[].weight} looks into the first upstream. */
    private static JsonNode at(JsonNode root, String field) {
        JsonNode node = root;
        for (String step : field.split("\\.")) {
            node = step.endsWith("[]")
                    ? node.path(step.substring(0, step.length() - 2)).path(0)
                    : node.path(step);
        }
        assertThat(node.isMissingNode())
                .as(field + " is documented but is not a field")
                .isFalse();
        return node;
    }

    /** Every field that holds a value, named as the docs name it; an array of objects is entered as {@code name[]}. */
    private static Set<String> leaves(String prefix, JsonNode node) {
        Set<String> leaves = new TreeSet<>();
        if (node.isObject() && !node.isEmpty()) {
            node.properties().forEach(e -> leaves.addAll(leaves(join(prefix, e.getKey()), e.getValue())));
        } else if (node.isArray() && !node.isEmpty() && node.get(0).isObject()) {
            leaves.addAll(leaves(prefix + "[]", node.get(0)));
        } else {
            leaves.add(prefix);
        }
        return leaves;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** Field name to default cell of the table under the heading, up to the next heading. */
    private static Map<String, String> table(String heading) throws IOException {
        List<String> lines = Files.readAllLines(docs());
        Map<String, String> rows = new LinkedHashMap<>();
        int start = lines.indexOf(heading);
        assertThat(start).as("heading " + heading + " in docs/api.md").isNotNegative();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            Matcher row = ROW.matcher(lines.get(i));
            if (row.find()) {
                rows.put(row.group(1), row.group(2).strip());
            }
        }
        return rows;
    }

    /** Tests run in the module's folder; the docs are at the root of the repository. */
    private static Path docs() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs/api.md");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "docs/api.md not found above " + Path.of("").toAbsolutePath());
    }
}
