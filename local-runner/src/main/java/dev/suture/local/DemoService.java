package dev.suture.local;

import java.util.List;

/**
 * One demo upstream service as the local system runs it.
 *
 * @param name the service, also the route id and path prefix the walkthrough declares for it ({@code /orders/**})
 * @param faultApiUrl base URL of its fault-injection API
 * @param instances its instances, in order: {@code name-1} first
 */
public record DemoService(String name, String faultApiUrl, List<Instance> instances) {

    public DemoService {
        instances = List.copyOf(instances);
    }

    /**
     * One instance of a demo service.
     *
     * @param name its name, such as {@code orders-2}
     * @param url where gateways reach it
     */
    public record Instance(String name, String url) {}
}
