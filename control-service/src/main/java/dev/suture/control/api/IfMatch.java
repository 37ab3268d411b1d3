package dev.suture.control.api;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ETag;

/**
 * The If-Match precondition of a write. Absent, the write is unconditional; {@code *} matches any existing version;
 * otherwise one of the listed tags must equal the current version's tag by strong comparison (RFC 9110 13.1.1), so a
 * weak tag never matches.
 *
 * @param header the header as sent, or null when absent
 */
public record IfMatch(@Nullable String header) {

    public static final String HEADER = "If-Match";

    public static IfMatch absent() {
        return new IfMatch(null);
    }

    public boolean allows(long version) {
        if (header == null) {
            return true;
        }
        ETag current = new ETag(Long.toString(version), false);
        List<ETag> tags = ETag.parse(header);
        return tags.stream().anyMatch(tag -> tag.isWildcard() || tag.compare(current, true));
    }

    /** Throws {@link StaleVersionException} unless the precondition holds for this version. */
    public void check(String kind, String id, long version) {
        if (!allows(version)) {
            throw new StaleVersionException(kind, id, String.valueOf(header), version);
        }
    }
}
