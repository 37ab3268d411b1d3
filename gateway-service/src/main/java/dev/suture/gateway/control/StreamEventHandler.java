package dev.suture.gateway.control;

import dev.suture.gateway.snapshot.ApplyResult;
import dev.suture.gateway.snapshot.SnapshotApplier;
import dev.suture.model.fleet.ConfigAck;
import dev.suture.model.fleet.ConfigStream;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Acts on one event of the config stream: a {@code snapshot} is applied and answered with an ACK or NACK; a
 * {@code heartbeat} only records the control service's version. Other events and comments are ignored.
 *
 * <p>Snapshots are applied on one dedicated thread, never on a Netty event loop: applying waits for Spring Cloud
 * Gateway's route refresh and writes a file. The stream client hands events over one at a time, in order.
 */
@Component
final class StreamEventHandler implements DisposableBean {

    private static final int MAX_REASON_LENGTH = 2_000;

    private final SnapshotApplier applier;
    private final AckPublisher acks;
    private final ControlLink link;
    private final JsonMapper json;
    private final Scheduler applyThread = Schedulers.newSingle("suture-apply", true);

    /** Whether the stream opened last has not delivered a snapshot yet; events arrive one at a time, in order. */
    private volatile boolean awaitingOpeningSnapshot;

    StreamEventHandler(SnapshotApplier applier, AckPublisher acks, ControlLink link, JsonMapper json) {
        this.applier = applier;
        this.acks = acks;
        this.link = link;
        this.json = json;
    }

    /** A new stream is about to open: its first snapshot is the control service's current config. */
    void streamOpening() {
        awaitingOpeningSnapshot = true;
    }

    /** Completes once the event is acted on, including the ack post (which never fails the stream). */
    Mono<Void> handle(ServerSentEvent<String> event) {
        String data = event.data();
        if (ConfigStream.SNAPSHOT_EVENT.equals(event.event())) {
            String snapshot = data == null ? "" : data;
            SnapshotApplier.Source source =
                    awaitingOpeningSnapshot ? SnapshotApplier.Source.STREAM_OPENING : SnapshotApplier.Source.STREAM;
            awaitingOpeningSnapshot = false;
            return Mono.fromCallable(() -> applier.apply(snapshot, source))
                    .subscribeOn(applyThread)
                    .flatMap(this::answer);
        }
        if (ConfigStream.HEARTBEAT_EVENT.equals(event.event()) && data != null) {
            heard(data);
        }
        return Mono.empty();
    }

    @Override
    public void destroy() {
        applyThread.dispose();
    }

    private Mono<Void> answer(ApplyResult result) {
        if (result instanceof ApplyResult.Applied applied) {
            link.heard(Math.max(link.controlVersion(), applied.version()));
            return acks.publish(ConfigAck.applied(applied.version()));
        }
        if (result instanceof ApplyResult.Rejected rejected && rejected.version() >= 1) {
            return acks.publish(ConfigAck.rejected(rejected.version(), truncate(rejected.reason())));
        }
        // Ignored snapshots get no answer, and a snapshot without a readable version cannot be answered.
        return Mono.empty();
    }

    private void heard(String heartbeat) {
        try {
            JsonNode version = json.readTree(heartbeat).path("version");
            if (version.isIntegralNumber()) {
                link.heard(version.longValue());
            }
        } catch (JacksonException ignored) {
            // A heartbeat proves the stream is alive whatever it carries; its version is only informational.
        }
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH - 3) + "...";
    }
}
