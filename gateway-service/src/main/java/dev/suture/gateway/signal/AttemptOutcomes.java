package dev.suture.gateway.signal;

import dev.suture.model.signal.Outcome;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import org.jspecify.annotations.Nullable;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Classifies how a proxied attempt ended, from the upstream's status or from the error Reactor Netty and Spring Cloud
 * Gateway raised. In gateway-server-webflux 5.0.x: a refused connection is a {@link ConnectException} (Netty's
 * {@code AnnotatedConnectException}), a connect timeout Netty's {@link ConnectTimeoutException} (a subclass), a
 * connection closed before the response was complete a {@link PrematureCloseException} (or a reset {@link
 * IOException}), a response timeout {@code NettyRoutingFilter}'s own {@code TimeoutException} wrapped in a 504
 * {@code ResponseStatusException}, and bytes that are not HTTP a Netty decoder failure (for a bad status line, an
 * {@code IllegalArgumentException} thrown inside Netty's codec).
 */
public final class AttemptOutcomes {

    private AttemptOutcomes() {}

    /** The outcome of an attempt that got a response with {@code status}. */
    public static Outcome ofStatus(int status) {
        if (status < 400) {
            return Outcome.OK;
        }
        if (status >= 500) {
            return Outcome.SERVER_ERROR;
        }
        return switch (status) {
            case 401 -> Outcome.UNAUTHORIZED;
            case 403 -> Outcome.FORBIDDEN;
            case 429 -> Outcome.THROTTLED;
            default -> Outcome.CLIENT_ERROR;
        };
    }

    /**
     * The outcome of an attempt that failed with {@code error}, or null when the error says nothing about the upstream
     * (a gateway bug, say). Walks the cause chain, because Spring wraps some of these.
     */
    public static @Nullable Outcome ofFailure(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            Outcome outcome = ofSingle(current);
            if (outcome != null) {
                return outcome;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return null;
    }

    private static @Nullable Outcome ofSingle(Throwable error) {
        if (error instanceof ConnectTimeoutException) {
            return Outcome.CONNECT_TIMEOUT;
        }
        if (error instanceof ConnectException || error instanceof UnknownHostException) {
            return Outcome.CONNECTION_REFUSED;
        }
        if (error instanceof org.springframework.cloud.gateway.support.TimeoutException
                || error instanceof java.util.concurrent.TimeoutException) {
            return Outcome.RESPONSE_TIMEOUT;
        }
        if (error instanceof PrematureCloseException
                || error instanceof PrematureChannelClosureException
                || error instanceof AbortedException
                || error instanceof ClosedChannelException) {
            return Outcome.CONNECTION_RESET;
        }
        if (error instanceof DecoderException
                || error instanceof TooLongFrameException
                || (error instanceof IllegalArgumentException && thrownByNettyCodec(error))) {
            return Outcome.MALFORMED_RESPONSE;
        }
        if (error instanceof IOException) {
            // "Connection reset by peer" and its native-transport variants.
            return Outcome.CONNECTION_RESET;
        }
        return null;
    }

    /**
     * Netty's HTTP decoder reports a status line it cannot parse ("Illegal character in request line") as a plain
     * {@link IllegalArgumentException}, which Reactor Netty passes on as it is; only where it was thrown tells it
     * apart.
     */
    private static boolean thrownByNettyCodec(Throwable error) {
        StackTraceElement[] trace = error.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("io.netty.handler.codec.");
    }
}
