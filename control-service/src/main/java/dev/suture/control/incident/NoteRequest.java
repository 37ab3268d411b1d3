package dev.suture.control.incident;

import dev.suture.control.api.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * An operator's note for an incident's timeline.
 *
 * @param text the note, 1 to {@value #MAX_LENGTH} characters
 */
public record NoteRequest(String text) {

    public static final int MAX_LENGTH = 4_000;

    public NoteRequest(@Nullable String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("text", "is required");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidRequestException("text", "must be at most " + MAX_LENGTH + " characters long");
        }
        this.text = text.strip();
    }
}
