package dev.suture.control.fleet;

import dev.suture.model.fleet.ConfigAck;
import dev.suture.model.fleet.ConfigStream;
import dev.suture.model.fleet.GatewayIdentity;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The two endpoints gateways call: the config stream they hold open, and the acknowledgements they post back. */
@RestController
class FleetStreamController {

    private final FleetStreams streams;
    private final FleetAcks acks;

    FleetStreamController(FleetStreams streams, FleetAcks acks) {
        this.streams = streams;
        this.acks = acks;
    }

    @GetMapping(path = ConfigStream.PATH, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(
            @RequestParam String id,
            @RequestParam(defaultValue = "") String address,
            @RequestParam(defaultValue = "unknown") String softwareVersion,
            @RequestParam(defaultValue = "0") long appliedVersion) {
        return streams.open(new GatewayIdentity(id, address, softwareVersion, appliedVersion));
    }

    @PostMapping(path = ConfigStream.ACK_PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> ack(@PathVariable String gatewayId, @RequestBody ConfigAck ack) {
        acks.record(gatewayId, ack);
        return ResponseEntity.noContent().build();
    }
}
