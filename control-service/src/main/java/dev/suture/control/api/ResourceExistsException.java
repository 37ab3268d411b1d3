package dev.suture.control.api;

import dev.suture.model.validation.Violation;
import java.util.List;
import org.springframework.http.HttpStatus;

/** 409: a create names an id that is already taken. */
public class ResourceExistsException extends ProblemException {

    private static final long serialVersionUID = 1L;

    /**
     * @param kind what was created, as a person says it: {@code route}, {@code policy}
     * @param idField the body field holding the id, so the client knows which value to change
     * @param id the id that is taken
     */
    public ResourceExistsException(String kind, String idField, String id) {
        super(
                HttpStatus.CONFLICT,
                "already-exists",
                "Already exists",
                kind + " '" + id + "' already exists; use PUT to replace it",
                List.of(new Violation(idField, "is already taken by another " + kind)));
    }
}
