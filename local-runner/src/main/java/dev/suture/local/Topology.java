package dev.suture.local;

import java.util.List;

/**
 * Where a running Suture system's parts answer: what the walkthrough needs to drive it.
 *
 * @param controlUrl base URL of the control service (its admin API is under {@code /api/v1})
 * @param gatewayUrls base URL of each gateway, or of the one entry point in front of them
 * @param services the demo upstream services
 */
public record Topology(String controlUrl, List<String> gatewayUrls, List<DemoService> services) {

    public Topology {
        gatewayUrls = List.copyOf(gatewayUrls);
        services = List.copyOf(services);
    }

    public DemoService service(String name) {
        return services.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo service " + name + " in " + services));
    }
}
