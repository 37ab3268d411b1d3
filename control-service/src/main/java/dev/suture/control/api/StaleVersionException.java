package dev.suture.control.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/** 412: the request's If-Match does not match the current version, so someone else changed the resource first. */
public class StaleVersionException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public StaleVersionException(String kind, String id, String ifMatch, long currentVersion) {
        super(
                HttpStatus.PRECONDITION_FAILED,
                "stale-version",
                "Version mismatch",
                "If-Match " + ifMatch + " does not match the current version " + VersionTag.of(currentVersion) + " of "
                        + kind + " '" + id + "'; read it again and retry",
                List.of());
        getBody().setProperty("currentVersion", currentVersion);
    }
}
