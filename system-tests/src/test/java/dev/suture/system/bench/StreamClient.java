package dev.suture.system.bench;

import dev.suture.model.fleet.ConfigAck;
import dev.suture.model.fleet.ConfigStream;
import dev.suture.model.snapshot.ConfigSnapshot;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * A lightweight gateway for benchmarks: it speaks the real config stream protocol (opens the stream, parses and
 * validates each snapshot into the wire records, posts the ACK) but routes nothing. It lets one machine stand in for a
 * fleet far larger than the real gateway processes it could hold.
 */
final class StreamClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String controlUrl;
    private final String id;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Thread reader;
    private volatile long appliedVersion;
    private volatile boolean closed;

    StreamClient(String controlUrl, String id) {
        this.controlUrl = controlUrl;
        this.id = id;
        this.reader = new Thread(this::readForever, "stream-client-" + id);
        reader.setDaemon(true);
        reader.start();
    }

    String id() {
        return id;
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
    }

    private void readForever() {
        while (!closed) {
            try {
                readStream();
            } catch (IOException e) {
                sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void readStream() throws IOException, InterruptedException {
        URI uri = URI.create(controlUrl + ConfigStream.PATH + "?id=" + encode(id)
                + "&address=bench&softwareVersion=bench" + "&appliedVersion=" + appliedVersion);
        HttpResponse<Stream<String>> response = http.send(
                HttpRequest.newBuilder(uri)
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            String event = "";
            StringBuilder data = new StringBuilder();
            for (Iterator<String> it = lines.iterator(); it.hasNext() && !closed; ) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                } else if (line.isEmpty()) {
                    if (event.equals(ConfigStream.SNAPSHOT_EVENT)) {
                        apply(data.toString());
                    }
                    event = "";
                    data.setLength(0);
                }
            }
        }
    }

    private void apply(String json) throws IOException, InterruptedException {
        ConfigSnapshot snapshot = JSON.readValue(json, ConfigSnapshot.class);
        if (snapshot.version() <= appliedVersion) {
            return;
        }
        appliedVersion = snapshot.version();
        String ack = JSON.writeValueAsString(ConfigAck.applied(snapshot.version()));
        URI uri = URI.create(controlUrl + ConfigStream.ACK_PATH.replace("{gatewayId}", encode(id)));
        http.send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(ack))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
