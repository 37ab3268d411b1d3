package dev.suture.control.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/** 404: the URL names a route, policy or other resource that does not exist. */
public class ResourceNotFoundException extends ProblemException {

    private static final long serialVersionUID = 1L;

    /**
     * @param kind what was looked for, as a person says it: {@code route}, {@code policy}
     * @param id the id or name from the URL
     */
    public ResourceNotFoundException(String kind, String id) {
        super(HttpStatus.NOT_FOUND, "not-found", "Not found", kind + " '" + id + "' does not exist", List.of());
        getBody().setProperty("kind", kind);
        getBody().setProperty("id", id);
    }
}
