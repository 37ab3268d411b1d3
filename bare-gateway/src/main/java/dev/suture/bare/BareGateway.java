package dev.suture.bare;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;

/**
 * Spring Cloud Gateway as it comes: one route, {@code /bench/**} to {@code bare.upstream}, with no filter of its own.
 * The gateway overhead benchmark runs it beside the Suture gateway, on the same upstream, as the baseline.
 */
@SpringBootApplication
public class BareGateway {

    public static void main(String[] args) {
        SpringApplication.run(BareGateway.class, args);
    }

    @Bean
    RouteLocator benchRoute(RouteLocatorBuilder routes, @Value("${bare.upstream}") String upstream) {
        return routes.routes()
                .route("bench", route -> route.path("/bench/**").uri(upstream))
                .build();
    }
}
