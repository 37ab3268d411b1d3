package dev.suture.gateway.snapshot;

import dev.suture.model.snapshot.ConfigSnapshot;
import dev.suture.model.validation.InvalidSpecException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a snapshot from JSON, letting the wire records validate themselves. A refusal names where and why, for
 * example {@code routes[2].upstreams[0]: upstream is invalid: url is required}, and carries the version whenever the
 * text still shows it, so that even a broken snapshot gets a NACK the control service can match.
 *
 * <p>Unknown fields are ignored rather than refused, so that a control service one release ahead can still configure
 * this gateway.
 */
@Component
public final class SnapshotDecoder {

    private static final Pattern SOURCE_REFERENCE =
            Pattern.compile("\\s*\\(start marker at \\[Source:.*$", Pattern.DOTALL);
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d{1,18})");

    private final JsonMapper json;
    private final ObjectReader snapshotReader;

    public SnapshotDecoder(JsonMapper json) {
        this.json = json;
        this.snapshotReader =
                json.readerFor(ConfigSnapshot.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public ConfigSnapshot decode(String text) throws RejectedSnapshotException {
        JsonNode tree = parse(text);
        JsonNode versionNode = tree.path("version");
        long version = versionNode.isIntegralNumber() && versionNode.canConvertToLong() ? versionNode.longValue() : 0;
        try {
            ConfigSnapshot snapshot = snapshotReader.readValue(tree);
            if (snapshot == null) {
                throw new RejectedSnapshotException(version, "snapshot is empty");
            }
            return snapshot;
        } catch (InvalidSpecException e) {
            throw new RejectedSnapshotException(version, e.getMessage());
        } catch (JacksonException e) {
            throw new RejectedSnapshotException(version, describe(e));
        }
    }

    private JsonNode parse(String text) throws RejectedSnapshotException {
        try {
            JsonNode tree = json.readTree(text);
            if (tree == null || !tree.isObject()) {
                throw new RejectedSnapshotException(versionIn(text), "snapshot is not a JSON object");
            }
            return tree;
        } catch (JacksonException e) {
            throw new RejectedSnapshotException(versionIn(text), "malformed JSON" + at(e) + ": " + problem(e));
        }
    }

    /** The wire record's own message when it refused its values, prefixed with the path to the offending record. */
    private static String describe(JacksonException e) {
        String path = path(e);
        String prefix = path.isEmpty() ? "" : path + ": ";
        if (e.getCause() instanceof InvalidSpecException invalid) {
            return prefix + invalid.getMessage();
        }
        return prefix + e.getOriginalMessage();
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Jackson's own message without the source reference it appends, which only says that the source is hidden. */
    private static String problem(JacksonException e) {
        return SOURCE_REFERENCE.matcher(e.getOriginalMessage()).replaceAll("");
    }

    private static String at(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + " column " + location.getColumnNr();
    }

    /** Best effort for text that is not JSON at all: the first {@code "version": N} in it, else 0. */
    private static long versionIn(String text) {
        Matcher matcher = VERSION.matcher(text);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }
}
