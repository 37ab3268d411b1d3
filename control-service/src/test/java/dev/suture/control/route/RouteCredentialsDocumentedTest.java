package dev.suture.control.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.model.route.OAuth2ClientCredentials;
import dev.suture.model.route.UpstreamCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** docs/api.md's table of route credentials fields names every field, with the defaults the records really take. */
class RouteCredentialsDocumentedTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| ([^|]+) \\|");

    @Test
    void everyCredentialsFieldIsDocumentedWithItsRealDefault() throws IOException {
        JsonNode defaults = JSON.valueToTree(UpstreamCredentials.oauth2(
                new OAuth2ClientCredentials("https://auth/token", "gw", "SECRET", null, null, null)));
        Map<String, String> documented = table("### Route credentials fields");

        assertThat(documented.keySet())
                .containsExactlyInAnyOrder(
                        "oauth2",
                        "oauth2.tokenUrl",
                        "oauth2.clientId",
                        "oauth2.clientSecretEnv",
                        "oauth2.clientSecretFile",
                        "oauth2.scopes",
                        "oauth2.clientAuthentication");
        assertThat(defaults.path("oauth2").propertyNames())
                .as("fields of the record")
                .containsExactlyInAnyOrderElementsOf(documented.keySet().stream()
                        .filter(field -> field.startsWith("oauth2."))
                        .map(field -> field.substring("oauth2.".length()))
                        .toList());
        assertThat(documented.get("oauth2.scopes")).isEqualTo("`[]`");
        assertThat(defaults.path("oauth2").path("scopes").toString()).isEqualTo("[]");
        assertThat(documented.get("oauth2.clientAuthentication"))
                .isEqualTo("`\"" + OAuth2ClientCredentials.CLIENT_SECRET_BASIC + "\"`");
        assertThat(defaults.path("oauth2").path("clientAuthentication").asString())
                .isEqualTo(OAuth2ClientCredentials.CLIENT_SECRET_BASIC);
    }

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
