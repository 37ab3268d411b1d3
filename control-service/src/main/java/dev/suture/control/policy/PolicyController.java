package dev.suture.control.policy;

import dev.suture.control.api.ActorHeader;
import dev.suture.control.api.IfMatch;
import dev.suture.control.api.ItemPage;
import dev.suture.control.api.PageQuery;
import dev.suture.control.api.VersionTag;
import dev.suture.control.revision.Revision;
import dev.suture.control.revision.RevisionKind;
import dev.suture.control.revision.RevisionLog;
import dev.suture.control.revision.Versioned;
import dev.suture.model.policy.HealingPolicySpec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The admin API for healing policies; a policy's id in the URL is its name. */
@RestController
@RequestMapping(path = "/api/v1/policies", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Policies", description = "Healing policies: detection thresholds and the bounds of each healing action")
class PolicyController {

    private final PolicyCatalog catalog;
    private final PolicyEditor editor;
    private final RevisionLog revisions;

    PolicyController(PolicyCatalog catalog, PolicyEditor editor, RevisionLog revisions) {
        this.catalog = catalog;
        this.editor = editor;
        this.revisions = revisions;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createPolicy", summary = "Create a policy; every setting left out takes its default")
    @ApiResponse(responseCode = "201", description = "Created; Location and ETag name the new version")
    ResponseEntity<Versioned<HealingPolicySpec>> create(
            @RequestBody HealingPolicySpec spec,
            @RequestHeader(name = ActorHeader.NAME, required = false) @Nullable String actor) {
        Versioned<HealingPolicySpec> policy = editor.create(spec, ActorHeader.parse(actor));
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
                .path("/{name}")
                .buildAndExpand(spec.name())
                .toUri();
        return ResponseEntity.created(location)
                .eTag(VersionTag.of(policy.version()))
                .body(policy);
    }

    @GetMapping
    @Operation(operationId = "listPolicies", summary = "List policies, sorted by name")
    ItemPage<Versioned<HealingPolicySpec>> list(
            @RequestParam(defaultValue = PageQuery.PAGE_PARAM_DEFAULT) int page,
            @RequestParam(defaultValue = PageQuery.SIZE_PARAM_DEFAULT) int size) {
        return catalog.page(new PageQuery(page, size));
    }

    @GetMapping("/{name}")
    @Operation(operationId = "getPolicy", summary = "Get a policy; the ETag is its version")
    ResponseEntity<Versioned<HealingPolicySpec>> get(@PathVariable String name) {
        Versioned<HealingPolicySpec> policy = catalog.get(name);
        return ResponseEntity.ok().eTag(VersionTag.of(policy.version())).body(policy);
    }

    @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "replacePolicy",
            summary = "Replace a policy whole; with If-Match, only if it is still at that version")
    ResponseEntity<Versioned<HealingPolicySpec>> replace(
            @PathVariable String name,
            @RequestBody HealingPolicySpec spec,
            @RequestHeader(name = IfMatch.HEADER, required = false) @Nullable String ifMatch,
            @RequestHeader(name = ActorHeader.NAME, required = false) @Nullable String actor) {
        Versioned<HealingPolicySpec> policy =
                editor.replace(name, spec, new IfMatch(ifMatch), ActorHeader.parse(actor));
        return ResponseEntity.ok().eTag(VersionTag.of(policy.version())).body(policy);
    }

    @DeleteMapping("/{name}")
    @Operation(
            operationId = "deletePolicy",
            summary = "Delete a policy no route uses; the default policy cannot be deleted")
    @ApiResponse(responseCode = "204", description = "Deleted")
    ResponseEntity<Void> delete(
            @PathVariable String name,
            @RequestHeader(name = IfMatch.HEADER, required = false) @Nullable String ifMatch,
            @RequestHeader(name = ActorHeader.NAME, required = false) @Nullable String actor) {
        editor.delete(name, new IfMatch(ifMatch), ActorHeader.parse(actor));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{name}/revisions")
    @Operation(
            operationId = "listPolicyRevisions",
            summary = "List a policy's revisions, newest first, also after it was deleted")
    ItemPage<Revision> revisions(
            @PathVariable String name,
            @RequestParam(defaultValue = PageQuery.PAGE_PARAM_DEFAULT) int page,
            @RequestParam(defaultValue = PageQuery.SIZE_PARAM_DEFAULT) int size) {
        return revisions.page(RevisionKind.POLICY, name, new PageQuery(page, size));
    }
}
