package dev.suture.control.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries that Maven Central ships (the zonky.io binaries jars), so that Suture
 * needs nothing installed to run or to test. The binaries are unpacked once per machine into the temp folder.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM is root (containers, CI machines), the server runs as the
 * unprivileged {@code nobody} user through {@code setpriv}, and the data folder is handed to that user.
 *
 * <p>Thread-safe: {@link #start} and {@link #close} are meant to be called once each, from one thread.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String SUPERUSER = "postgres";
    private static final int NOBODY = 65534;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path binaries;
    private final Path dataDir;
    private final int port;
    private final boolean dropRoot;

    private EmbeddedPostgres(Path binaries, Path dataDir, int port, boolean dropRoot) {
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.port = port;
        this.dropRoot = dropRoot;
    }

    /**
     * Starts a server on {@code dataDir}, creating the cluster when the folder holds none, and keeps the data that is
     * there otherwise.
     *
     * @param port the TCP port on 127.0.0.1, or 0 for a free one
     * @param durable false skips fsync, which is only safe for throwaway test data
     */
    public static EmbeddedPostgres start(Path dataDir, int port, boolean durable) {
        try {
            Path binaries = unpackBinaries();
            boolean dropRoot = isRoot();
            EmbeddedPostgres server =
                    new EmbeddedPostgres(binaries, dataDir.toAbsolutePath(), port == 0 ? freePort() : port, dropRoot);
            server.initIfEmpty();
            server.stopLeftoverServer();
            server.startServer(durable);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDir, e);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String username() {
        return SUPERUSER;
    }

    /** Creates the database unless it exists. */
    public void createDatabase(String database) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
                Statement statement = connection.createStatement()) {
            var existing = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'");
            if (!existing.next()) {
                statement.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database + " on port " + port, e);
        }
    }

    @Override
    public void close() {
        try {
            run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"), true);
            log.info("embedded postgres stopped port={} data={}", port, dataDir);
        } catch (IOException | IllegalStateException e) {
            log.warn("embedded postgres did not stop cleanly port={} data={}: {}", port, dataDir, e.getMessage());
        }
    }

    private void initIfEmpty() throws IOException {
        if (Files.exists(dataDir.resolve("PG_VERSION"))) {
            return;
        }
        Files.createDirectories(dataDir);
        handOverToServerUser(dataDir);
        run(
                List.of(
                        bin("initdb"),
                        "-D",
                        dataDir.toString(),
                        "-U",
                        SUPERUSER,
                        "-A",
                        "trust",
                        "-E",
                        "UTF8",
                        "--locale=C",
                        "--no-instructions"),
                false);
        log.info("embedded postgres initialised data={}", dataDir);
    }

    /** A server left running by a process that was killed holds the data folder; stop it before starting again. */
    private void stopLeftoverServer() throws IOException {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"), true);
        }
    }

    private void startServer(boolean durable) throws IOException {
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                + " -c max_connections=200" + (durable ? "" : " -F -c synchronous_commit=off");
        Path logFile = dataDir.resolve("server.log");
        run(
                List.of(
                        bin("pg_ctl"),
                        "-D",
                        dataDir.toString(),
                        "-o",
                        options,
                        "-l",
                        logFile.toString(),
                        "-t",
                        String.valueOf(START_TIMEOUT.toSeconds()),
                        "-w",
                        "start"),
                false);
        log.info("embedded postgres started port={} data={} durable={}", port, dataDir, durable);
    }

    private String bin(String program) {
        return binaries.resolve("bin").resolve(program).toString();
    }

    private void run(List<String> command, boolean tolerateFailure) throws IOException {
        List<String> full = new ArrayList<>();
        if (dropRoot) {
            full.addAll(List.of(
                    "setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--reset-env", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(START_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
        if (process.exitValue() != 0 && !tolerateFailure) {
            throw new IllegalStateException(
                    "'" + String.join(" ", command) + "' exited with " + process.exitValue() + ": " + output.strip());
        }
    }

    private void handOverToServerUser(Path dir) throws IOException {
        if (!dropRoot) {
            return;
        }
        UserPrincipal nobody =
                dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(dir, nobody);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        for (Path parent = dir.getParent(); parent != null; parent = parent.getParent()) {
            if (!Files.getPosixFilePermissions(parent).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("running as root, so PostgreSQL runs as nobody, who cannot enter "
                        + parent + ": choose a data folder outside it");
            }
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Unpacks the binaries of this platform once per machine; concurrent JVMs wait on a file lock. */
    private static Path unpackBinaries() throws IOException {
        String archive = "postgres-" + platform() + ".txz";
        var resource = EmbeddedPostgres.class.getClassLoader().getResource(archive);
        if (resource == null) {
            throw new IllegalStateException("no embedded PostgreSQL binaries for " + platform()
                    + " on the classpath; set spring.datasource.url to use an external PostgreSQL server");
        }
        String key = Integer.toHexString(resource.toString().hashCode());
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "suture-postgres-" + key);
        Path done = root.resolve(".unpacked");
        if (Files.exists(done)) {
            return root;
        }
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (FileChannel channel =
                        FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            if (!Files.exists(done)) {
                try (InputStream in = resource.openStream()) {
                    untar(in, root);
                }
                Files.createFile(done);
                log.info("embedded postgres binaries unpacked into {}", root);
            }
        }
        return root;
    }

    private static void untar(InputStream archive, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(archive))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("archive entry escapes its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.deleteIfExists(out);
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    boolean executable = (entry.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(
                            out, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (Stream<Path> dirs = Files.walk(target)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String osName = os.contains("mac") ? "darwin" : os.contains("linux") ? "linux" : os;
        String archName = arch.equals("amd64") || arch.equals("x86_64")
                ? "x86_64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "arm_64" : arch;
        return osName + "-" + archName;
    }
}
