package dev.suture.control.route;

import dev.suture.control.api.IfMatch;
import dev.suture.control.api.InvalidRequestException;
import dev.suture.control.api.ResourceExistsException;
import dev.suture.control.api.ResourceNotFoundException;
import dev.suture.control.policy.PolicyCatalog;
import dev.suture.control.revision.Change;
import dev.suture.control.revision.ChangedFields;
import dev.suture.control.revision.RevisionKind;
import dev.suture.control.revision.RevisionLog;
import dev.suture.control.revision.Versioned;
import dev.suture.control.snapshot.DeclaredConfigChanged;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.validation.InvalidSpecException;
import dev.suture.model.validation.Violation;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates, replaces and deletes routes. Each change is one transaction that writes the route, its revision and a
 * {@link DeclaredConfigChanged} event, so a refused or failed change leaves nothing behind and pushes nothing.
 */
@Service
public class RouteEditor {

    private static final Logger log = LoggerFactory.getLogger(RouteEditor.class);
    private static final String KIND = RevisionKind.ROUTE.column();

    private final RouteTable table;
    private final PolicyCatalog policies;
    private final RevisionLog revisions;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;

    RouteEditor(
            RouteTable table,
            PolicyCatalog policies,
            RevisionLog revisions,
            ApplicationEventPublisher events,
            JsonMapper json,
            Clock clock) {
        this.table = table;
        this.policies = policies;
        this.revisions = revisions;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public Versioned<RouteSpec> create(RouteSpec spec, @Nullable String actor) {
        requireValidPath(spec);
        requireExistingPolicy(spec);
        Instant now = now();
        Versioned<RouteSpec> route =
                new Versioned<>(spec, revisions.nextRevision(RevisionKind.ROUTE, spec.id()), now, now);
        if (!table.insert(route)) {
            throw new ResourceExistsException(KIND, "id", spec.id());
        }
        revisions.append(Change.created(RevisionKind.ROUTE, spec.id(), route, actor));
        events.publishEvent(new DeclaredConfigChanged("route " + spec.id() + " created"));
        log.info("route created id={} version={} policy={} actor={}", spec.id(), route.version(), spec.policy(), actor);
        return route;
    }

    /** Replaces a route whole; a body equal to the stored one changes nothing and keeps the version. */
    @Transactional
    public Versioned<RouteSpec> replace(String id, RouteSpec spec, IfMatch ifMatch, @Nullable String actor) {
        if (!spec.id().equals(id)) {
            throw new InvalidRequestException("id", "must match the id in the URL, '" + id + "'");
        }
        requireValidPath(spec);
        Versioned<RouteSpec> current = table.lock(id).orElseThrow(() -> new ResourceNotFoundException(KIND, id));
        ifMatch.check(KIND, id, current.version());
        if (current.spec().equals(spec)) {
            return current;
        }
        requireExistingPolicy(spec);
        Versioned<RouteSpec> updated = new Versioned<>(spec, current.version() + 1, current.createdAt(), now());
        List<String> changed = ChangedFields.between(json.valueToTree(current.spec()), json.valueToTree(spec));
        table.update(updated);
        revisions.append(Change.updated(RevisionKind.ROUTE, id, updated, actor, changed));
        events.publishEvent(new DeclaredConfigChanged("route " + id + " updated"));
        log.info("route updated id={} version={} changed={} actor={}", id, updated.version(), changed, actor);
        return updated;
    }

    @Transactional
    public void delete(String id, IfMatch ifMatch, @Nullable String actor) {
        Versioned<RouteSpec> current = table.lock(id).orElseThrow(() -> new ResourceNotFoundException(KIND, id));
        ifMatch.check(KIND, id, current.version());
        long revision = current.version() + 1;
        table.delete(id);
        revisions.append(Change.deleted(RevisionKind.ROUTE, id, revision, now(), actor));
        events.publishEvent(new DeclaredConfigChanged("route " + id + " deleted"));
        log.info("route deleted id={} revision={} actor={}", id, revision, actor);
    }

    /**
     * The gateways parse the path with Spring's PathPatternParser; a pattern they cannot parse would make them refuse
     * the whole snapshot, so it is refused here, where the operator can still fix it.
     */
    private static void requireValidPath(RouteSpec spec) {
        try {
            PathPatternParser.defaultInstance.parse(spec.path());
        } catch (PatternParseException e) {
            String message =
                    "is not a valid path pattern: " + e.getMessage() + " (at character " + e.getPosition() + ")";
            throw new InvalidSpecException("route", List.of(new Violation("path", message)));
        }
    }

    /** The foreign key would refuse the route too, but only as a bare constraint name; this names the field. */
    private void requireExistingPolicy(RouteSpec spec) {
        if (!policies.exists(spec.policy())) {
            throw new UnknownPolicyException(spec.policy());
        }
    }

    /** PostgreSQL keeps microseconds; dropping the rest makes a write's answer equal what a later read returns. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
