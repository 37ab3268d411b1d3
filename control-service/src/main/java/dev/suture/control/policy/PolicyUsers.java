package dev.suture.control.policy;

import java.util.List;

/**
 * Who still uses a policy. The route feature implements it; the policy feature only asks, so that policies do not
 * depend on routes.
 */
public interface PolicyUsers {

    /** Ids of the routes naming this policy, sorted; empty when none does. */
    List<String> routesUsing(String policyName);
}
