package dev.suture.control.api;

import java.io.IOException;

/**
 * Thrown by the request body stream once the body passes the configured limit. An {@link IOException}, because to the
 * reader it is a failure to read the body; the problem handler finds it under whatever wrapped it and answers 413.
 */
public class BodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long limitBytes;

    public BodyTooLargeException(long limitBytes) {
        super("request body is larger than the limit of " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
