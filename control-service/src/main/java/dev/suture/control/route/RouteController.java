package dev.suture.control.route;

import dev.suture.control.api.ActorHeader;
import dev.suture.control.api.IfMatch;
import dev.suture.control.api.ItemPage;
import dev.suture.control.api.PageQuery;
import dev.suture.control.api.VersionTag;
import dev.suture.control.revision.Revision;
import dev.suture.control.revision.RevisionKind;
import dev.suture.control.revision.RevisionLog;
import dev.suture.control.revision.Versioned;
import dev.suture.model.route.RouteSpec;
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

/** The admin API for routes. */
@RestController
@RequestMapping(path = "/api/v1/routes", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Routes", description = "Routes: which requests they match, where they send them, which policy heals them")
class RouteController {

    private final RouteCatalog catalog;
    private final RouteEditor editor;
    private final RevisionLog revisions;

    RouteController(RouteCatalog catalog, RouteEditor editor, RevisionLog revisions) {
        this.catalog = catalog;
        this.editor = editor;
        this.revisions = revisions;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createRoute", summary = "Create a route")
    @ApiResponse(responseCode = "201", description = "Created; Location and ETag name the new version")
    ResponseEntity<Versioned<RouteSpec>> create(
            @RequestBody RouteSpec spec,
            @RequestHeader(name = ActorHeader.NAME, required = false) @Nullable String actor) {
        Versioned<RouteSpec> route = editor.create(spec, ActorHeader.parse(actor));
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
                .path("/{id}")
                .buildAndExpand(spec.id())
                .toUri();
        return ResponseEntity.created(location)
                .eTag(VersionTag.of(route.version()))
                .body(route);
    }

    @GetMapping
    @Operation(operationId = "listRoutes", summary = "List routes, sorted by id")
    ItemPage<Versioned<RouteSpec>> list(
            @RequestParam(defaultValue = PageQuery.PAGE_PARAM_DEFAULT) int page,
            @RequestParam(defaultValue = PageQuery.SIZE_PARAM_DEFAULT) int size) {
        return catalog.page(new PageQuery(page, size));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getRoute", summary = "Get a route; the ETag is its version")
    ResponseEntity<Versioned<RouteSpec>> get(@PathVariable String id) {
        Versioned<RouteSpec> route = catalog.get(id);
        return ResponseEntity.ok().eTag(VersionTag.of(route.version())).body(route);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "replaceRoute",
            summary = "Replace a route whole; with If-Match, only if it is still at that version")
    ResponseEntity<Versioned<RouteSpec>> replace(
            @PathVariable String id,
            @RequestBody RouteSpec spec,
            @RequestHeader(name = IfMatch.HEADER, required = false) @Nullable String ifMatch,
            @RequestHeader(name = ActorHeader.NAME, required = false) @Nullable String actor) {
        Versioned<RouteSpec> route = editor.replace(id, spec, new IfMatch(ifMatch), ActorHeader.parse(actor));
        return ResponseEntity.ok().eTag(VersionTag.of(route.version())).body(route);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteRoute", summary = "Delete a route; its revisions stay listable")
    @ApiResponse(responseCode = "204", description = "Deleted")
    ResponseEntity<Void> delete(
            @PathVariable String id,
            @RequestHeader(name = IfMatch.HEADER, required = false) @Nullable String ifMatch,
            @RequestHeader(name = ActorHeader.NAME, required = false) @Nullable String actor) {
        editor.delete(id, new IfMatch(ifMatch), ActorHeader.parse(actor));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/revisions")
    @Operation(
            operationId = "listRouteRevisions",
            summary = "List a route's revisions, newest first, also after it was deleted")
    ItemPage<Revision> revisions(
            @PathVariable String id,
            @RequestParam(defaultValue = PageQuery.PAGE_PARAM_DEFAULT) int page,
            @RequestParam(defaultValue = PageQuery.SIZE_PARAM_DEFAULT) int size) {
        return revisions.page(RevisionKind.ROUTE, id, new PageQuery(page, size));
    }
}
