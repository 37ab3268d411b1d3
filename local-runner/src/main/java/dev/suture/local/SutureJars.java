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
 * @param demoUpstream the demo upstream's jar
 */
public record SutureJars(Path controlService, Path gatewayService, Path demoUpstream) {

    /** Finds the jars of the build in {@code projectRoot}, failing with the command to run when one is missing. */
    public static SutureJars in(Path projectRoot) {
        return new SutureJars(
                find(projectRoot.resolve("control-service/target"), "control-service-", "-exec.jar"),
                find(projectRoot.resolve("gateway-service/target"), "gateway-service-", "-exec.jar"),
                find(projectRoot.resolve("demo-upstream/target"), "demo-upstream", ".jar"));
    }

    private static Path find(Path folder, String prefix, String suffix) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> jars = files.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith(prefix) && name.endsWith(suffix);
                    })
                    .toList();
            if (jars.size() != 1) {
                throw new IllegalStateException("expected one " + prefix + "*" + suffix + " in " + folder
                        + " but found " + jars + "; build with ./mvnw -DskipTests package");
            }
            return jars.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "no build output in " + folder + "; build with ./mvnw -DskipTests package", e);
        }
    }
}
