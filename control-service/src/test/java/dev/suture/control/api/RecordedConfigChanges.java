package dev.suture.control.api;

import dev.suture.control.snapshot.DeclaredConfigChanged;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Records the causes of the config changes that committed, listening the way the snapshot publisher does (after
 * commit), so tests can check what the gateways would be told.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RecordedConfigChanges {

    private final List<String> causes = new CopyOnWriteArrayList<>();

    @TransactionalEventListener
    void onCommit(DeclaredConfigChanged change) {
        causes.add(change.cause());
    }

    public List<String> causes() {
        return List.copyOf(causes);
    }
}
