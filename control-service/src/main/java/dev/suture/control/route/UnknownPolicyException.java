package dev.suture.control.route;

import dev.suture.control.api.ProblemException;
import dev.suture.model.validation.Violation;
import java.util.List;
import org.springframework.http.HttpStatus;

/** 422: a route names a policy that does not exist. The body is well formed; what it refers to is missing. */
public class UnknownPolicyException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public UnknownPolicyException(String policy) {
        super(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "unknown-policy",
                "Unknown policy",
                "policy '" + policy + "' does not exist; create it first or name another",
                List.of(new Violation("policy", "names policy '" + policy + "', which does not exist")));
    }
}
