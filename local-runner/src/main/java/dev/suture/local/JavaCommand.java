package dev.suture.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs a Spring Boot jar with the same Java as this process. */
public final class JavaCommand {

    /** Small, quick-starting JVMs: a laptop or a 2-core CI machine runs several services side by side. */
    private static final List<String> JVM_OPTIONS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-XX:MaxRAMPercentage=10");

    private JavaCommand() {}

    public static List<String> forJar(Path jar, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(arguments);
        return command;
    }
}
