package dev.suture.control;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The control service: stores routes, policies, the fleet and incidents, and pushes config to every gateway. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ControlServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ControlServiceApplication.class, args);
    }

    /** The one clock every time-dependent decision reads, so that tests can move time instead of sleeping. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
