package dev.suture.control.api;

import dev.suture.control.database.TestDatabase;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole control service on a random port with a fresh PostgreSQL database. Test classes that use it share one
 * running service, so each test works on ids of its own and never assumes an empty database. The service also has
 * {@link FailingController}, which fails the way other features' controllers do.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
@Import({FailingController.class, RecordedConfigChanges.class})
public @interface AdminApiTest {}
