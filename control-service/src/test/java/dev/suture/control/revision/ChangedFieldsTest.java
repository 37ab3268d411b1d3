package dev.suture.control.revision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ChangedFieldsTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void equalDocumentsHaveNoChangedFields() {
        assertThat(ChangedFields.between(tree("{\"a\": {\"b\": 1}}"), tree("{\"a\": {\"b\": 1}}")))
                .isEmpty();
    }

    @Test
    void nestedObjectsAreComparedFieldByFieldAndNamedWithDots() {
        JsonNode before = tree("{\"retry\": {\"maxAttempts\": 3, \"enabled\": true}, \"name\": \"x\"}");
        JsonNode after = tree("{\"retry\": {\"maxAttempts\": 4, \"enabled\": true}, \"name\": \"x\"}");

        assertThat(ChangedFields.between(before, after)).containsExactly("retry.maxAttempts");
    }

    @Test
    void anArrayCountsAsOneFieldWhateverChangedInside() {
        JsonNode before = tree("{\"upstreams\": [{\"url\": \"http://a\"}, {\"url\": \"http://b\"}]}");
        JsonNode after = tree("{\"upstreams\": [{\"url\": \"http://a\"}, {\"url\": \"http://c\"}]}");

        assertThat(ChangedFields.between(before, after)).containsExactly("upstreams");
    }

    @Test
    void fieldsThatAppearOrDisappearAreChangedAndTheResultIsSorted() {
        JsonNode before = tree("{\"z\": 1, \"host\": null}");
        JsonNode after = tree("{\"z\": 2, \"host\": \"a.example.com\", \"added\": true}");

        assertThat(ChangedFields.between(before, after)).containsExactly("added", "host", "z");
    }

    private JsonNode tree(String text) {
        return json.readTree(text);
    }
}
