package dev.suture.gateway.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.model.signal.Outcome;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.support.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import reactor.netty.http.client.PrematureCloseException;

class AttemptOutcomesTest {

    @Test
    void statusesMapToTheirOutcomes() {
        assertThat(AttemptOutcomes.ofStatus(101)).isEqualTo(Outcome.OK);
        assertThat(AttemptOutcomes.ofStatus(204)).isEqualTo(Outcome.OK);
        assertThat(AttemptOutcomes.ofStatus(304)).isEqualTo(Outcome.OK);
        assertThat(AttemptOutcomes.ofStatus(400)).isEqualTo(Outcome.CLIENT_ERROR);
        assertThat(AttemptOutcomes.ofStatus(401)).isEqualTo(Outcome.UNAUTHORIZED);
        assertThat(AttemptOutcomes.ofStatus(403)).isEqualTo(Outcome.FORBIDDEN);
        assertThat(AttemptOutcomes.ofStatus(404)).isEqualTo(Outcome.CLIENT_ERROR);
        assertThat(AttemptOutcomes.ofStatus(429)).isEqualTo(Outcome.THROTTLED);
        assertThat(AttemptOutcomes.ofStatus(500)).isEqualTo(Outcome.SERVER_ERROR);
        assertThat(AttemptOutcomes.ofStatus(503)).isEqualTo(Outcome.SERVER_ERROR);
    }

    @Test
    void aConnectTimeoutIsToldApartFromARefusalThoughItIsAConnectException() {
        assertThat(AttemptOutcomes.ofFailure(new ConnectTimeoutException("connection timed out")))
                .isEqualTo(Outcome.CONNECT_TIMEOUT);
        assertThat(AttemptOutcomes.ofFailure(new ConnectException("Connection refused")))
                .isEqualTo(Outcome.CONNECTION_REFUSED);
    }

    @Test
    void theResponseTimeoutIsFoundInsideTheGateways504() {
        ResponseStatusException timeout = new ResponseStatusException(
                HttpStatus.GATEWAY_TIMEOUT, "Response took longer", new TimeoutException("Response took longer"));

        assertThat(AttemptOutcomes.ofFailure(timeout)).isEqualTo(Outcome.RESPONSE_TIMEOUT);
    }

    @Test
    void aResetOrPrematureCloseIsAConnectionReset() {
        assertThat(AttemptOutcomes.ofFailure(new IOException("Connection reset by peer")))
                .isEqualTo(Outcome.CONNECTION_RESET);
        assertThat(AttemptOutcomes.ofFailure(
                        new RuntimeException("wrapped", new IOException("Connection reset by peer"))))
                .isEqualTo(Outcome.CONNECTION_RESET);
        assertThat(PrematureCloseException.class)
                .as("Reactor Netty's premature close is an IOException, so it counts as a reset")
                .isAssignableTo(IOException.class);
    }

    @Test
    void anErrorThatSaysNothingAboutTheUpstreamIsNotClassified() {
        assertThat(AttemptOutcomes.ofFailure(new IllegalStateException("a gateway bug")))
                .isNull();
        assertThat(AttemptOutcomes.ofFailure(new IllegalArgumentException("not from netty")))
                .isNull();
    }
}
