package dev.suture.gateway.status;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /suture/status}: this gateway's id, the snapshot version it routes by and the state of its link to the
 * control service. Annotated controllers are mapped before Spring Cloud Gateway's routes, so no route can hide it.
 */
@RestController
final class StatusController {

    private final GatewayStatusReporter reporter;

    StatusController(GatewayStatusReporter reporter) {
        this.reporter = reporter;
    }

    @GetMapping("/suture/status")
    GatewayStatus status() {
        return reporter.status();
    }
}
