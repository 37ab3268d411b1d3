package dev.suture.control.policy;

import dev.suture.control.api.ItemPage;
import dev.suture.control.api.PageQuery;
import dev.suture.control.api.ResourceNotFoundException;
import dev.suture.control.revision.Versioned;
import dev.suture.model.policy.HealingPolicySpec;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads the stored healing policies. Thread-safe; every method sees one committed state of the database. */
@Service
@Transactional(readOnly = true)
public class PolicyCatalog {

    private final PolicyTable table;

    PolicyCatalog(PolicyTable table) {
        this.table = table;
    }

    /** Every policy's spec, sorted by name; the declared config that snapshots are built from. */
    public List<HealingPolicySpec> allSpecs() {
        return table.allSpecs();
    }

    /** The policy with its version; throws {@link ResourceNotFoundException} when there is none by that name. */
    public Versioned<HealingPolicySpec> get(String name) {
        return table.find(name).orElseThrow(() -> new ResourceNotFoundException("policy", name));
    }

    public boolean exists(String name) {
        return table.exists(name);
    }

    /** One page of policies sorted by name. */
    public ItemPage<Versioned<HealingPolicySpec>> page(PageQuery query) {
        return ItemPage.of(table.page(query), query, table.count());
    }
}
