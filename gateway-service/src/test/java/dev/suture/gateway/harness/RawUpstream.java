package dev.suture.gateway.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream instance that misbehaves at the byte level, on a raw socket bound to an ephemeral port: it answers each
 * request with a given status, cuts the connection off in the middle of the body with a TCP reset, sends bytes that
 * are not HTTP, waits before answering, or waits in the middle of its body. {@link #refusing()} gives a URL on which
 * nothing listens.
 */
public final class RawUpstream implements AutoCloseable {

    /** What the instance does with each request. */
    public enum Behaviour {
        /** A complete response with the given status. */
        STATUS,
        /** Headers promising 1000 bytes, 10 of them, then a TCP reset. */
        RESET_MID_BODY,
        /** A line that is not an HTTP status line, then close. */
        MALFORMED,
        /** A 200 after the given delay. */
        SLOW,
        /** A 200's headers and the first half of its body at once, the other half after the given delay. */
        SLOW_BODY
    }

    private final Behaviour behaviour;
    private final int status;
    private final Duration delay;
    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();

    private RawUpstream(Behaviour behaviour, int status, Duration delay) throws IOException {
        this.behaviour = behaviour;
        this.status = status;
        this.delay = delay;
        this.socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        threads.execute(this::acceptLoop);
    }

    public static RawUpstream status(int status) throws IOException {
        return new RawUpstream(Behaviour.STATUS, status, Duration.ZERO);
    }

    public static RawUpstream resetting() throws IOException {
        return new RawUpstream(Behaviour.RESET_MID_BODY, 200, Duration.ZERO);
    }

    public static RawUpstream malformed() throws IOException {
        return new RawUpstream(Behaviour.MALFORMED, 200, Duration.ZERO);
    }

    public static RawUpstream slow(Duration delay) throws IOException {
        return new RawUpstream(Behaviour.SLOW, 200, delay);
    }

    /** Starts each response at once and finishes its body {@code delay} later. */
    public static RawUpstream slowBody(Duration delay) throws IOException {
        return new RawUpstream(Behaviour.SLOW_BODY, 200, delay);
    }

    /**
     * A listening socket that never accepts, with its accept queue filled by connections of its own, so that the
     * kernel drops further connection attempts and they time out. Close it to release the port.
     */
    public static Unresponsive unresponsive() throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        List<Socket> fillers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Socket filler = new Socket();
            fillers.add(filler);
            try {
                filler.connect(listener.getLocalSocketAddress(), 200);
            } catch (IOException full) {
                break;
            }
        }
        return new Unresponsive(listener, fillers);
    }

    /** See {@link #unresponsive()}. */
    public record Unresponsive(ServerSocket listener, List<Socket> fillers) implements AutoCloseable {

        public String url() {
            return "http://127.0.0.1:" + listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket filler : fillers) {
                filler.close();
            }
            listener.close();
        }
    }

    /** A URL on an ephemeral port that was free a moment ago and is closed now, so connecting is refused. */
    public static String refusing() throws IOException {
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + closed.getLocalPort();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    public int requests() {
        return requests.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                threads.execute(() -> serve(connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            readRequestHead(connection.getInputStream());
            requests.incrementAndGet();
            OutputStream out = connection.getOutputStream();
            switch (behaviour) {
                case STATUS -> respond(out, status);
                case SLOW -> {
                    Thread.sleep(delay.toMillis());
                    respond(out, 200);
                }
                case SLOW_BODY -> {
                    out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nContent-Type: text/plain\r\n"
                            + "Connection: close\r\n\r\nfirst"));
                    out.flush();
                    Thread.sleep(delay.toMillis());
                    out.write(ascii("-last"));
                    out.flush();
                }
                case RESET_MID_BODY -> {
                    out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: text/plain\r\n\r\n"));
                    out.write(ascii("0123456789"));
                    out.flush();
                    Thread.sleep(50);
                    connection.setSoLinger(true, 0);
                }
                case MALFORMED -> {
                    out.write(ascii("THIS IS NOT HTTP\u0000\u0001\r\n\r\n"));
                    out.flush();
                }
                default -> throw new IllegalStateException("unknown behaviour " + behaviour);
            }
        } catch (IOException ignored) {
            // The gateway gave up on the connection first (a timeout): nothing to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(OutputStream out, int status) throws IOException {
        byte[] body = ascii("status " + status);
        out.write(ascii("HTTP/1.1 " + status + " Whatever\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n"));
        out.write(body);
        out.flush();
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = ascii("\r\n\r\n");
        while (matched < end.length) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("connection closed before the request head ended");
            }
            matched = next == end[matched] ? matched + 1 : (next == end[0] ? 1 : 0);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return behaviour + "@" + url();
    }
}
