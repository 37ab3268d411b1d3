package dev.suture.gateway.control;

import dev.suture.gateway.settings.GatewaySettings;
import io.netty.channel.ChannelOption;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/** The HTTP client for the control service, shared by the config stream and the acks. */
@Configuration(proxyBeanMethods = false)
class ControlClientConfiguration {

    /** A snapshot with thousands of routes is one SSE event of several megabytes; the codec default is 256 KB. */
    static final int MAX_EVENT_BYTES = 64 * 1024 * 1024;

    private static final int CONNECT_TIMEOUT_MS = 5_000;

    @Bean
    WebClient controlWebClient(GatewaySettings settings) {
        HttpClient http = HttpClient.create().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS);
        return WebClient.builder()
                .baseUrl(settings.controlUrl().toString())
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_EVENT_BYTES))
                .build();
    }
}
