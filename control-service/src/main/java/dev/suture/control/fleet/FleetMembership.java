package dev.suture.control.fleet;

import org.springframework.stereotype.Component;

/** Which gateways are part of the fleet right now, for features that split fleet-wide limits over them. */
@Component
public class FleetMembership {

    private final FleetStreams streams;

    FleetMembership(FleetStreams streams) {
        this.streams = streams;
    }

    /** Gateways with an open config stream to this control service. */
    public int connectedGateways() {
        return streams.lastDelivered().size();
    }
}
