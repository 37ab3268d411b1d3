package dev.suture.control.policy;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Makes sure the {@code default} policy exists before the service takes requests: after Flyway has migrated (it runs
 * while beans are created) and before the web server starts (it starts after this callback).
 */
@Component
class DefaultPolicySeeder implements SmartInitializingSingleton {

    private final PolicyEditor editor;

    DefaultPolicySeeder(PolicyEditor editor) {
        this.editor = editor;
    }

    @Override
    public void afterSingletonsInstantiated() {
        editor.createDefaultIfMissing();
    }
}
