package dev.suture.gateway.harness;

import dev.suture.gateway.settings.GatewaySettings;
import dev.suture.gateway.settings.SutureProperties;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/** Gateway settings for tests that build components by hand rather than through Spring. */
public final class TestSettings {

    private TestSettings() {}

    public static GatewaySettings withMaxRoutes(int maxRoutes) {
        return settings(maxRoutes, null);
    }

    public static GatewaySettings withSnapshotFile(Path snapshotFile) {
        return settings(10, snapshotFile);
    }

    private static GatewaySettings settings(int maxRoutes, @Nullable Path snapshotFile) {
        SutureProperties properties = new SutureProperties(
                new SutureProperties.Control(
                        URI.create("http://localhost:8081"),
                        Duration.ofMillis(100),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(2)),
                new SutureProperties.Gateway("unit-test", null, snapshotFile, maxRoutes, Duration.ofSeconds(1), 30));
        return GatewaySettings.resolve(properties, "test-host", "dev", new Random(1));
    }
}
