package dev.suture.gateway.snapshot;

import dev.suture.gateway.settings.GatewaySettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The last good snapshot on disk, exactly as the control service sent it. A save writes a temporary file in the same
 * folder, forces it to disk and renames it over the old one, so a crash mid-write leaves the previous snapshot whole.
 * Called only from the snapshot applier, one call at a time.
 */
@Component
public final class SnapshotStore {

    private final Path file;

    public SnapshotStore(GatewaySettings settings) {
        this.file = settings.snapshotFile().toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    public Optional<String> load() throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    }

    public void save(String snapshotJson) throws IOException {
        Path folder = file.getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, ".snapshot-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(snapshotJson.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            moveIntoPlace(temporary);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void moveIntoPlace(Path temporary) throws IOException {
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Some file systems cannot rename atomically. The temporary file is complete and on disk, so a plain
            // replace can only fail during the copy itself, and load() then reports the damaged file.
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
