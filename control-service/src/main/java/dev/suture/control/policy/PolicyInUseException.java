package dev.suture.control.policy;

import dev.suture.control.api.ProblemException;
import java.util.List;
import org.springframework.http.HttpStatus;

/** 409: a policy cannot be deleted while routes still name it. The {@code routes} property lists them all. */
public class PolicyInUseException extends ProblemException {

    private static final long serialVersionUID = 1L;

    /** Enough ids for a person to recognise the routes; the property holds the full list. */
    private static final int NAMED_IN_DETAIL = 10;

    public PolicyInUseException(String name, List<String> routeIds) {
        super(
                HttpStatus.CONFLICT,
                "policy-in-use",
                "Policy in use",
                "policy '" + name + "' is used by " + describe(routeIds) + "; point them at another policy first",
                List.of());
        getBody().setProperty("routes", List.copyOf(routeIds));
    }

    private static String describe(List<String> routeIds) {
        String named = String.join(", ", routeIds.subList(0, Math.min(NAMED_IN_DETAIL, routeIds.size())));
        int rest = routeIds.size() - NAMED_IN_DETAIL;
        return (routeIds.size() == 1 ? "route " : "routes ") + named + (rest > 0 ? " and " + rest + " more" : "");
    }
}
