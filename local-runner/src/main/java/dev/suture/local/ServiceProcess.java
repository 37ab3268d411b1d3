package dev.suture.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One Suture service running as a child process, with its output forwarded line by line and its last lines kept for
 * error messages. Stopping sends SIGTERM first, so the service shuts down gracefully, and kills it only after the
 * grace period.
 *
 * <p>Thread-safe: the output pump is the only writer of the kept lines, and reads of them synchronize on the buffer.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final int KEPT_LINES = 200;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final Thread pump;
    private final Consumer<String> output;

    private ServiceProcess(String name, Process process, Consumer<String> output) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.pump = new Thread(() -> pump(output), name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code command} with {@code environment} added to this process's environment. */
    public static ServiceProcess start(
            String name, List<String> command, Map<String, String> environment, Consumer<String> output) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            return new ServiceProcess(name, builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + String.join(" ", command), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process itself. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Waits until {@code url} answers 200, failing early with the service's last output if it exits instead. */
    public void awaitHttpOk(URI url, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + " before it was ready:\n" + lastOutput());
            }
            if (answersOk(url)) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException(
                name + " was not ready at " + url + " within " + timeout + ":\n" + lastOutput());
    }

    /**
     * SIGTERM, then SIGKILL if the service has not exited within {@code grace}. Processes the service started and left
     * running as it exited (an embedded PostgreSQL after a kill) get the same treatment, so nothing outlives it.
     */
    public void stop(Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        // Through the handle: Process.destroy() would also close the output pipe and lose the shutdown lines.
        process.toHandle().destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            stopLeftovers(descendants, grace);
            pump.join(2_000); // forward the service's last lines, such as its shutdown, before returning
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private void stopLeftovers(List<ProcessHandle> descendants, Duration grace) throws InterruptedException {
        List<ProcessHandle> left =
                descendants.stream().filter(ProcessHandle::isAlive).toList();
        left.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(grace);
        while (left.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        left.stream().filter(ProcessHandle::isAlive).forEach(h -> {
            h.destroyForcibly();
            output.accept("killed process " + h.pid() + " that " + name + " left running");
        });
    }

    /** SIGKILL at once, the way a crash or an OOM kill ends a process. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    public String lastOutput() {
        synchronized (lastLines) {
            return String.join("\n", lastLines);
        }
    }

    private void pump(Consumer<String> output) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                synchronized (lastLines) {
                    if (lastLines.size() == KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                    lastLines.addLast(line);
                }
                output.accept(line);
            }
        } catch (IOException e) {
            // The process closed its output as it exited; nothing is lost that matters.
        }
    }

    private static boolean answersOk(URI url) {
        HttpRequest request =
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
