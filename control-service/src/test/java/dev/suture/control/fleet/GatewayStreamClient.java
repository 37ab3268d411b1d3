package dev.suture.control.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Holds a config stream open the way a gateway does and queues the events it receives, so a test can read them in
 * order. The stream is read on its own thread; {@link #next} waits for the next event.
 */
public final class GatewayStreamClient implements AutoCloseable {

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile int status;
    private volatile @Nullable Stream<String> lines;

    private GatewayStreamClient(URI uri) {
        this.reader = new Thread(() -> read(uri), "test-stream");
        reader.setDaemon(true);
        reader.start();
    }

    public static GatewayStreamClient open(int port, String gatewayId, long appliedVersion) {
        return new GatewayStreamClient(URI.create("http://127.0.0.1:" + port + "/api/v1/fleet/stream?id=" + gatewayId
                + "&address=http://10.0.0.9:8080&softwareVersion=test-1&appliedVersion=" + appliedVersion));
    }

    /** The next event, or null when none came within the timeout (or the stream ended: see {@link #ended}). */
    @Nullable
    public Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next event of that name, skipping others such as heartbeats. */
    @Nullable
    public Event next(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            Event event = events.poll(left, TimeUnit.NANOSECONDS);
            if (event == null || event.name().equals(name)) {
                return event;
            }
        }
        return null;
    }

    public int status() {
        return status;
    }

    @Override
    public void close() {
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
        reader.interrupt();
    }

    private void read(URI uri) {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            HttpResponse<Stream<String>> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .header("Accept", "text/event-stream")
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            status = response.statusCode();
            lines = response.body();
            parse(response.body().iterator());
            events.add(Event.END);
        } catch (IOException e) {
            events.add(Event.END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (UncheckedIOException e) {
            events.add(Event.END);
        }
    }

    private void parse(Iterator<String> input) {
        String name = "message";
        StringBuilder data = new StringBuilder();
        while (input.hasNext()) {
            String line = input.next();
            if (line.startsWith("event:")) {
                name = line.substring("event:".length()).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring("data:".length()).strip());
            } else if (line.isEmpty() && data.length() > 0) {
                events.add(new Event(name, data.toString()));
                name = "message";
                data.setLength(0);
            }
        }
    }

    /** One server-sent event; {@link #END} marks the end of the stream. */
    public record Event(String name, String data) {
        public static final Event END = new Event("<end>", "");
    }
}
