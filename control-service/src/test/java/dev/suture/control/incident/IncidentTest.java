package dev.suture.control.incident;

import dev.suture.control.database.TestDatabase;
import dev.suture.control.signal.FakeClock;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestConstructor;

/**
 * The whole control service on a random port with a fresh PostgreSQL database and a clock the test moves. Test
 * classes that use it share one running service, so each test uses routes of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "suture.healing.max-actions-per-minute=1000",
            // The test feeds the assessments itself; the evaluator's own ticks would only add noise.
            "suture.detection.interval=1h"
        })
@ContextConfiguration(initializers = TestDatabase.class)
@TestConstructor(autowireMode = TestConstructor.AutowireMode.ALL)
@Import({IncidentTest.MovableClock.class, Scenario.class})
@interface IncidentTest {

    @TestConfiguration(proxyBeanMethods = false)
    class MovableClock {

        @Bean
        @Primary
        FakeClock testClock() {
            return new FakeClock(Instant.parse("2030-01-01T00:00:00Z"));
        }
    }
}
