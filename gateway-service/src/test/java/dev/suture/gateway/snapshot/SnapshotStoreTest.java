package dev.suture.gateway.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.gateway.harness.TestSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void nothingIsLoadedBeforeTheFirstSave() throws IOException {
        assertThat(store(dataDir.resolve("snapshot.json")).load()).isEmpty();
    }

    @Test
    void aSavedSnapshotLoadsBackAsWrittenCreatingItsFolder() throws IOException {
        SnapshotStore store = store(dataDir.resolve("deep/er/snapshot.json"));

        store.save("{\"version\":1}");
        store.save("{\"version\":2}");

        assertThat(store.load()).hasValue("{\"version\":2}");
        try (Stream<Path> files = Files.list(dataDir.resolve("deep/er"))) {
            assertThat(files).as("the temporary file is gone").containsExactly(store.file());
        }
    }

    private static SnapshotStore store(Path file) {
        return new SnapshotStore(TestSettings.withSnapshotFile(file));
    }
}
