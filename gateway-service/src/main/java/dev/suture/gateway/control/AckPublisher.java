package dev.suture.gateway.control;

import dev.suture.gateway.settings.GatewaySettings;
import dev.suture.model.fleet.ConfigAck;
import dev.suture.model.fleet.ConfigStream;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts the gateway's answer to a snapshot. A failed post is retried twice and then given up: the next stream
 * connection reports the applied version anyway, so the control service cannot stay wrong for long.
 */
@Component
final class AckPublisher {

    private static final Logger log = LoggerFactory.getLogger(AckPublisher.class);
    private static final int RETRIES = 2;
    private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(200);

    private final WebClient client;
    private final JsonMapper json;
    private final String gatewayId;
    private final Duration timeout;

    AckPublisher(WebClient controlWebClient, JsonMapper json, GatewaySettings settings) {
        this.client = controlWebClient;
        this.json = json;
        this.gatewayId = settings.id();
        this.timeout = settings.ackTimeout();
    }

    /** Completes when the ack was delivered or given up; never errors. */
    Mono<Void> publish(ConfigAck ack) {
        return Mono.defer(() -> client.post()
                        .uri(ConfigStream.ACK_PATH, gatewayId)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(json.writeValueAsString(ack))
                        .retrieve()
                        .toBodilessEntity()
                        .timeout(timeout))
                .retryWhen(Retry.backoff(RETRIES, FIRST_RETRY_DELAY))
                .doOnSuccess(ignored -> log.debug("ack delivered version={} applied={}", ack.version(), ack.applied()))
                .onErrorResume(error -> {
                    log.warn(
                            "ack not delivered version={} applied={} attempts={}: {}",
                            ack.version(),
                            ack.applied(),
                            RETRIES + 1,
                            NestedExceptionUtils.getMostSpecificCause(error).toString());
                    return Mono.empty();
                })
                .then();
    }
}
