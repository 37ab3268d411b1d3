package dev.suture.gateway.retry;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Flux;

/**
 * A request whose body can be sent more than once: the client's body, read whole into memory beforehand, handed out
 * as a fresh buffer to every attempt. The client's own body stream can be read only once, and an attempt that reached
 * the upstream has read it.
 *
 * <p>Thread-safe: the bytes are never written after construction.
 */
public final class ReplayableRequest extends ServerHttpRequestDecorator {

    private static final byte[] NONE = new byte[0];

    private final byte[] body;
    private final DataBufferFactory buffers;

    private ReplayableRequest(ServerHttpRequest request, byte[] body, DataBufferFactory buffers) {
        super(request);
        this.body = body;
        this.buffers = buffers;
    }

    /** {@code request} with {@code body}, read from it beforehand. */
    public static ReplayableRequest of(ServerHttpRequest request, byte[] body, DataBufferFactory buffers) {
        return new ReplayableRequest(request, body, buffers);
    }

    /** {@code request}, which has no body, with an empty body that any number of attempts can subscribe to. */
    public static ReplayableRequest withoutBody(ServerHttpRequest request, DataBufferFactory buffers) {
        return new ReplayableRequest(request, NONE, buffers);
    }

    /** Copies {@code joined} out and releases it, so that no pooled buffer is held between attempts. */
    public static byte[] copyAndRelease(DataBuffer joined) {
        try {
            byte[] bytes = new byte[joined.readableByteCount()];
            joined.read(bytes);
            return bytes;
        } finally {
            org.springframework.core.io.buffer.DataBufferUtils.release(joined);
        }
    }

    @Override
    public Flux<DataBuffer> getBody() {
        if (body.length == 0) {
            return Flux.empty();
        }
        return Flux.defer(() -> Flux.just(buffers.wrap(body)));
    }
}
