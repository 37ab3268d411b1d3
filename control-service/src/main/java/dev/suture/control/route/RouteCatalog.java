package dev.suture.control.route;

import dev.suture.control.api.ItemPage;
import dev.suture.control.api.PageQuery;
import dev.suture.control.api.ResourceNotFoundException;
import dev.suture.control.policy.PolicyUsers;
import dev.suture.control.revision.Versioned;
import dev.suture.model.route.RouteSpec;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads the stored routes. Thread-safe; every method sees one committed state of the database. */
@Service
@Transactional(readOnly = true)
public class RouteCatalog implements PolicyUsers {

    private final RouteTable table;

    RouteCatalog(RouteTable table) {
        this.table = table;
    }

    /** Every route's spec, sorted by id; the declared config that snapshots are built from. */
    public List<RouteSpec> allSpecs() {
        return table.allSpecs();
    }

    /** The route with its version; throws {@link ResourceNotFoundException} when there is none by that id. */
    public Versioned<RouteSpec> get(String id) {
        return table.find(id).orElseThrow(() -> new ResourceNotFoundException("route", id));
    }

    /** One page of routes sorted by id. */
    public ItemPage<Versioned<RouteSpec>> page(PageQuery query) {
        return ItemPage.of(table.page(query), query, table.count());
    }

    @Override
    public List<String> routesUsing(String policyName) {
        return table.idsUsing(policyName);
    }
}
