package dev.suture.control.policy;

import dev.suture.control.api.IfMatch;
import dev.suture.control.api.InvalidRequestException;
import dev.suture.control.api.ResourceExistsException;
import dev.suture.control.api.ResourceNotFoundException;
import dev.suture.control.revision.Change;
import dev.suture.control.revision.ChangedFields;
import dev.suture.control.revision.RevisionKind;
import dev.suture.control.revision.RevisionLog;
import dev.suture.control.revision.Versioned;
import dev.suture.control.snapshot.DeclaredConfigChanged;
import dev.suture.model.policy.HealingPolicySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates, replaces and deletes policies. Each change is one transaction that writes the policy, its revision and a
 * {@link DeclaredConfigChanged} event, so a refused or failed change leaves nothing behind and pushes nothing.
 */
@Service
public class PolicyEditor {

    /** The actor recorded for the {@code default} policy the service creates itself. */
    public static final String SYSTEM_ACTOR = "suture-control";

    private static final Logger log = LoggerFactory.getLogger(PolicyEditor.class);
    private static final String KIND = RevisionKind.POLICY.column();

    private final PolicyTable table;
    private final PolicyUsers users;
    private final RevisionLog revisions;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;

    PolicyEditor(
            PolicyTable table,
            PolicyUsers users,
            RevisionLog revisions,
            ApplicationEventPublisher events,
            JsonMapper json,
            Clock clock) {
        this.table = table;
        this.users = users;
        this.revisions = revisions;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public Versioned<HealingPolicySpec> create(HealingPolicySpec spec, @Nullable String actor) {
        Versioned<HealingPolicySpec> policy =
                insert(spec, actor).orElseThrow(() -> new ResourceExistsException(KIND, "name", spec.name()));
        log.info("policy created name={} version={} actor={}", spec.name(), policy.version(), actor);
        return policy;
    }

    /**
     * Creates the {@code default} policy unless it exists. Safe when several instances start at once: the insert
     * skips a name that is taken, so exactly one of them creates it and records its revision.
     */
    @Transactional
    public void createDefaultIfMissing() {
        insert(HealingPolicySpec.defaults(HealingPolicySpec.DEFAULT_NAME), SYSTEM_ACTOR)
                .ifPresent(policy -> log.info(
                        "policy created name={} version={} actor={}",
                        HealingPolicySpec.DEFAULT_NAME,
                        policy.version(),
                        SYSTEM_ACTOR));
    }

    /** Replaces a policy whole; a body equal to the stored one changes nothing and keeps the version. */
    @Transactional
    public Versioned<HealingPolicySpec> replace(
            String name, HealingPolicySpec spec, IfMatch ifMatch, @Nullable String actor) {
        if (!spec.name().equals(name)) {
            throw new InvalidRequestException("name", "must match the name in the URL, '" + name + "'");
        }
        Versioned<HealingPolicySpec> current =
                table.lockForChange(name).orElseThrow(() -> new ResourceNotFoundException(KIND, name));
        ifMatch.check(KIND, name, current.version());
        if (current.spec().equals(spec)) {
            return current;
        }
        Versioned<HealingPolicySpec> updated = new Versioned<>(spec, current.version() + 1, current.createdAt(), now());
        List<String> changed = ChangedFields.between(json.valueToTree(current.spec()), json.valueToTree(spec));
        table.update(updated);
        revisions.append(Change.updated(RevisionKind.POLICY, name, updated, actor, changed));
        events.publishEvent(new DeclaredConfigChanged("policy " + name + " updated"));
        log.info("policy updated name={} version={} changed={} actor={}", name, updated.version(), changed, actor);
        return updated;
    }

    /** Deletes a policy no route uses; {@code default} is never deleted. */
    @Transactional
    public void delete(String name, IfMatch ifMatch, @Nullable String actor) {
        if (name.equals(HealingPolicySpec.DEFAULT_NAME)) {
            throw new DefaultPolicyProtectedException();
        }
        Versioned<HealingPolicySpec> current =
                table.lockForDelete(name).orElseThrow(() -> new ResourceNotFoundException(KIND, name));
        ifMatch.check(KIND, name, current.version());
        List<String> routes = users.routesUsing(name);
        if (!routes.isEmpty()) {
            throw new PolicyInUseException(name, routes);
        }
        long revision = current.version() + 1;
        table.delete(name);
        revisions.append(Change.deleted(RevisionKind.POLICY, name, revision, now(), actor));
        events.publishEvent(new DeclaredConfigChanged("policy " + name + " deleted"));
        log.info("policy deleted name={} revision={} actor={}", name, revision, actor);
    }

    private Optional<Versioned<HealingPolicySpec>> insert(HealingPolicySpec spec, @Nullable String actor) {
        Instant now = now();
        long version = revisions.nextRevision(RevisionKind.POLICY, spec.name());
        Versioned<HealingPolicySpec> policy = new Versioned<>(spec, version, now, now);
        if (!table.insert(policy)) {
            return Optional.empty();
        }
        revisions.append(Change.created(RevisionKind.POLICY, spec.name(), policy, actor));
        events.publishEvent(new DeclaredConfigChanged("policy " + spec.name() + " created"));
        return Optional.of(policy);
    }

    /** PostgreSQL keeps microseconds; dropping the rest makes a write's answer equal what a later read returns. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
