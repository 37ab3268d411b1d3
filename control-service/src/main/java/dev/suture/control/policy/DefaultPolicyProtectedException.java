package dev.suture.control.policy;

import dev.suture.control.api.ProblemException;
import dev.suture.model.policy.HealingPolicySpec;
import java.util.List;
import org.springframework.http.HttpStatus;

/** 409: the {@code default} policy cannot be deleted, because every route that names no policy uses it. */
public class DefaultPolicyProtectedException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public DefaultPolicyProtectedException() {
        super(
                HttpStatus.CONFLICT,
                "default-policy-protected",
                "Default policy protected",
                "policy '" + HealingPolicySpec.DEFAULT_NAME + "' cannot be deleted: routes that name no policy use it;"
                        + " replace it with PUT to change its settings",
                List.of());
    }
}
