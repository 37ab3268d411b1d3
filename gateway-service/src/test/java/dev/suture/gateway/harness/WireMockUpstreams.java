package dev.suture.gateway.harness;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream instances for fault injection: WireMock servers on 127.0.0.1 and ephemeral ports, each answering every
 * request with one response or fault. A test class holds one of these and closes it after each test, which stops
 * every server it started.
 *
 * <p>Not thread-safe: servers are started and stopped from the test's thread.
 */
public final class WireMockUpstreams implements AutoCloseable {

    private final List<WireMockServer> servers = new ArrayList<>();

    /** A running server answering every request with {@code response}. */
    public WireMockServer answering(ResponseDefinitionBuilder response) {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        servers.add(server);
        server.stubFor(any(anyUrl()).willReturn(response));
        return server;
    }

    public static String url(WireMockServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    /** Stops every server started since the last close. */
    @Override
    public void close() {
        servers.forEach(WireMockServer::stop);
        servers.clear();
    }
}
