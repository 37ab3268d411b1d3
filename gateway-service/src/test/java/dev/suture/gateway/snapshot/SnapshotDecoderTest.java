package dev.suture.gateway.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.suture.model.snapshot.ConfigSnapshot;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SnapshotDecoderTest {

    private final SnapshotDecoder decoder =
            new SnapshotDecoder(JsonMapper.builder().build());

    @Test
    void aValidSnapshotDecodesWithItsDefaultsFilledIn() throws RejectedSnapshotException {
        ConfigSnapshot snapshot = decoder.decode("""
                {"version": 3, "createdAt": "2026-01-01T00:00:00Z",
                 "routes": [{"id": "orders", "path": "/orders/**", "upstreams": [{"url": "http://10.0.0.1:8080/"}]}],
                 "policies": [{"name": "default"}]}""");

        assertThat(snapshot.version()).isEqualTo(3);
        assertThat(snapshot.routes().get(0).upstreams().get(0).url()).isEqualTo("http://10.0.0.1:8080");
        assertThat(snapshot.routes().get(0).responseTimeoutMs()).isEqualTo(15_000);
        assertThat(snapshot.overlay().isEmpty()).isTrue();
    }

    @Test
    void unknownFieldsAreIgnoredSoANewerControlServiceCanStillConfigureTheGateway() throws RejectedSnapshotException {
        ConfigSnapshot snapshot = decoder.decode("""
                {"version": 4, "createdAt": "2026-01-01T00:00:00Z", "routes": [], "policies": [],
                 "overlay": {"ejections": [], "failovers": [], "empty": true}, "shinyNewField": 1}""");

        assertThat(snapshot.version()).isEqualTo(4);
    }

    @Test
    void malformedJsonIsRefusedWithItsPositionAndTheVersionTheTextStillShows() {
        RejectedSnapshotException rejected = reject("{\"version\": 12, \"routes\": [");

        assertThat(rejected.version()).isEqualTo(12);
        assertThat(rejected.getMessage())
                .startsWith("malformed JSON at line 1 column ")
                .endsWith(": Unexpected end-of-input: expected close marker for Array");
    }

    @Test
    void textWithoutAVersionIsRefusedUnderVersionZero() {
        RejectedSnapshotException rejected = reject("not json");

        assertThat(rejected.version()).isZero();
        assertThat(rejected.getMessage()).startsWith("malformed JSON at line 1 column");
    }

    @Test
    void aJsonValueThatIsNotAnObjectIsRefused() {
        assertThat(reject("[1, 2]").getMessage()).isEqualTo("snapshot is not a JSON object");
    }

    @Test
    void aNestedRecordThatBreaksTheContractIsRefusedWithItsPath() {
        RejectedSnapshotException rejected = reject("""
                {"version": 5, "createdAt": "2026-01-01T00:00:00Z",
                 "routes": [{"id": "ok", "path": "/ok", "upstreams": [{"url": "http://a"}]},
                            {"id": "bad", "path": "/bad", "upstreams": [{"url": "http://b", "weight": 0}]}],
                 "policies": [{"name": "default"}]}""");

        assertThat(rejected.version()).isEqualTo(5);
        assertThat(rejected.getMessage())
                .isEqualTo("routes[1].upstreams[0]: upstream is invalid: weight must be between 1 and 1000 but was 0");
    }

    @Test
    void aSnapshotThatBreaksItsOwnRulesIsRefusedWithTheRecordsMessage() {
        RejectedSnapshotException rejected = reject("""
                {"version": 6, "createdAt": "2026-01-01T00:00:00Z",
                 "routes": [{"id": "twice", "path": "/a", "upstreams": [{"url": "http://a"}]},
                            {"id": "twice", "path": "/b", "upstreams": [{"url": "http://b"}]}],
                 "policies": [{"name": "default"}]}""");

        assertThat(rejected.getMessage()).isEqualTo("snapshot 6 is invalid: routes names route twice twice");
    }

    @Test
    void aFieldOfTheWrongTypeIsRefusedWithItsPath() {
        RejectedSnapshotException rejected = reject("""
                {"version": 8, "createdAt": "2026-01-01T00:00:00Z", "routes": {"id": "x"}, "policies": []}""");

        assertThat(rejected.version()).isEqualTo(8);
        assertThat(rejected.getMessage()).startsWith("routes: ");
    }

    private RejectedSnapshotException reject(String text) {
        return catchThrowableOfType(RejectedSnapshotException.class, () -> decoder.decode(text));
    }
}
