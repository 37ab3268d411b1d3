package dev.suture.control.api;

import org.jspecify.annotations.Nullable;

/**
 * Who made a change, from the {@value #NAME} request header. It is recorded as sent and not authenticated: it labels
 * the revision for people reading the history, and is only as trustworthy as the network in front of the API.
 */
public final class ActorHeader {

    public static final String NAME = "X-Suture-Actor";
    public static final int MAX_LENGTH = 200;

    private ActorHeader() {}

    /** The actor, or null when the header is absent or blank. */
    public static @Nullable String parse(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String actor = header.strip();
        if (actor.length() > MAX_LENGTH) {
            throw new InvalidRequestException(NAME, "must be at most " + MAX_LENGTH + " characters long");
        }
        return actor;
    }
}
