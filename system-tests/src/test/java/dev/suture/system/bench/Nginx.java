package dev.suture.system.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** An nginx server of the benchmark's own, in the foreground, with its config, logs and temp files in one folder. */
final class Nginx implements AutoCloseable {

    private final Process process;
    private final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The upstream: a fixed 2-byte body for every request, from one worker. */
    static Config staticConfig(int port) {
        return new Config(port, 1, """
                location / {
                    default_type text/plain;
                    return 200 "ok";
                }
                """);
    }

    /** A reverse proxy to {@code upstreamPort} over keep-alive connections, as nginx is run in front of services. */
    static Config proxyConfig(int port, int upstreamPort) {
        return new Config(port, 2, """
                location / {
                    proxy_pass http://backend;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                }
                """, """
                upstream backend {
                    server 127.0.0.1:%d;
                    keepalive 64;
                }
                """.formatted(upstreamPort));
    }

    static Nginx start(Path prefix, Config config) {
        try {
            Files.createDirectories(prefix.resolve("logs"));
            Path conf = prefix.resolve("nginx.conf");
            Files.writeString(conf, config.render(prefix));
            Process process = new ProcessBuilder(
                            "nginx", "-p", prefix.toString(), "-c", conf.toString(), "-g", "daemon off;")
                    .redirectErrorStream(true)
                    .redirectOutput(prefix.resolve("logs/console.log").toFile())
                    .start();
            Nginx nginx = new Nginx(process, config.port());
            nginx.awaitListening();
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException("nginx did not start", e);
        }
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + " at start");
            }
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                GatewayOverheadBenchmark.sleep(50);
            }
        }
        throw new IllegalStateException("nginx did not listen on " + port + " within 10 s");
    }

    /**
     * An nginx config with one server.
     *
     * @param port where the server listens, on 127.0.0.1
     * @param workers worker processes
     * @param location the server's locations
     * @param http further blocks of the {@code http} context, such as upstreams
     */
    record Config(int port, int workers, String location, String http) {

        Config(int port, int workers, String location) {
            this(port, workers, location, "");
        }

        String render(Path prefix) {
            return """
                    worker_processes %d;
                    user root;
                    pid %s/nginx.pid;
                    error_log %s/logs/error.log warn;
                    events { worker_connections 4096; }
                    http {
                        access_log off;
                        keepalive_requests 1000000;
                        client_body_temp_path %s/tmp;
                        proxy_temp_path %s/tmp;
                        %s
                        server {
                            listen 127.0.0.1:%d;
                            %s
                        }
                    }
                    """.formatted(workers, prefix, prefix, prefix, prefix, http, port, location);
        }
    }
}
