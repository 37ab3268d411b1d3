package dev.suture.gateway.routing;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.CONNECT_TIMEOUT_ATTR;

import io.netty.channel.ChannelOption;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.http.client.HttpClient;

/**
 * Spring Cloud Gateway's two Netty filters, the one that sends a request upstream and the one that writes the
 * upstream's response back, with one change: a route's connect timeout is applied once per distinct value, not once
 * per request. Spring Cloud Gateway's {@link NettyRoutingFilter} calls {@code HttpClient.option(CONNECT_TIMEOUT_MILLIS,
 * ...)} for every request of a route that has one, which copies the client's whole configuration each time; every
 * Suture route has one. Its own beans are off ({@code global-filter.netty-routing.enabled: false} in application.yml,
 * which turns off the response filter with it), so both are declared here.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamClientConfiguration {

    @Bean
    NettyRoutingFilter upstreamRoutingClient(
            HttpClient httpClient,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters,
            HttpClientProperties properties) {
        return new ClientPerConnectTimeout(httpClient, headersFilters, properties);
    }

    @Bean
    NettyWriteResponseFilter nettyWriteResponseFilter(
            GatewayProperties properties, ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
        return new NettyWriteResponseFilter(properties.getStreamingMediaTypes(), headersFilters);
    }

    /** Keeps one client per connect timeout; connections still come from the one pool the base client has. */
    static final class ClientPerConnectTimeout extends NettyRoutingFilter {

        private final HttpClient base;
        private final ConcurrentMap<Integer, HttpClient> clients = new ConcurrentHashMap<>();

        ClientPerConnectTimeout(
                HttpClient base,
                ObjectProvider<List<HttpHeadersFilter>> headersFilters,
                HttpClientProperties properties) {
            super(base, headersFilters, properties);
            this.base = base;
        }

        @Override
        protected HttpClient getHttpClient(Route route, ServerWebExchange exchange) {
            if (route.getMetadata().get(CONNECT_TIMEOUT_ATTR) instanceof Integer millis) {
                // Present keys are read without a lock (ConcurrentHashMap checks a bin's first node before locking it).
                return clients.computeIfAbsent(millis, ms -> base.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, ms));
            }
            return super.getHttpClient(route, exchange);
        }
    }
}
