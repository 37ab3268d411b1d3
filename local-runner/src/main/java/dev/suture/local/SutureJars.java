package dev.suture.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the runnable jars of a build are, found under the project's folder after {@code ./mvnw package}.
 *
 * @param controlService the control service's executable jar
 * @param gatewayService the gateway service's executable jar
 */
public record SutureJars(Path controlService, Path gatewayService) {

    /** Finds the jars of the build in {@code projectRoot}, failing with the command to run when one is missing. */
    public static SutureJars in(Path projectRoot) {
        return new SutureJars(
                find(projectRoot.resolve("control-service/target"), "control-service-"),
                find(projectRoot.resolve("gateway-service/target"), "gateway-service-"));
    }

    private static Path find(Path folder, String prefix) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> jars = files.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith(prefix) && name.endsWith("-exec.jar");
                    })
                    .toList();
            if (jars.size() != 1) {
                throw new IllegalStateException("expected one " + prefix + "*-exec.jar in " + folder + " but found "
                        + jars + "; build with ./mvnw -DskipTests package");
            }
            return jars.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "no build output in " + folder + "; build with ./mvnw -DskipTests package", e);
        }
    }
}
