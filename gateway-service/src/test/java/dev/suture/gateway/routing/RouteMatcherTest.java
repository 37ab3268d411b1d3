package dev.suture.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.web.util.pattern.PathPatternParser;

/** Route matching on method, host and path, against request objects from Spring's test fixtures. */
class RouteMatcherTest {

    @Test
    void aPathPatternMatchesByPathPatternRules() {
        RouteMatcher matcher = matcher("/orders/{id}", null, List.of());

        assertThat(matcher.matches(get("http://gw/orders/7"))).isTrue();
        assertThat(matcher.matches(get("http://gw/orders/7/lines"))).isFalse();
        assertThat(matcher.matches(get("http://gw/orders/7/")))
                .as("no implicit trailing slash")
                .isFalse();
    }

    @Test
    void noRouteTakesTheGatewaysOwnPathsEvenACatchAll() {
        RouteMatcher catchAll = matcher("/**", null, List.of());
        RouteMatcher wildcard = matcher("/{area}/status", null, List.of());

        assertThat(catchAll.matches(get("http://gw/suture/status"))).isFalse();
        assertThat(wildcard.matches(get("http://gw/suture/status"))).isFalse();
        assertThat(catchAll.matches(get("http://gw/suturesque/x"))).isTrue();
        assertThat(catchAll.matches(get("http://gw/orders/7"))).isTrue();
    }

    @Test
    void methodsLimitTheRouteAndNoMethodsMeansEveryMethod() {
        RouteMatcher writes = matcher("/**", null, List.of("POST", "PUT"));
        RouteMatcher any = matcher("/**", null, List.of());

        assertThat(writes.matches(MockServerHttpRequest.post("http://gw/x").build()))
                .isTrue();
        assertThat(writes.matches(get("http://gw/x"))).isFalse();
        assertThat(any.matches(MockServerHttpRequest.method(HttpMethod.PATCH, "http://gw/x")
                        .build()))
                .isTrue();
    }

    @Test
    void anExactHostMatchesThatHostInAnyCaseAndOnAnyPort() {
        RouteMatcher matcher = matcher("/**", "api.example.com", List.of());

        assertThat(matcher.matches(get("http://API.example.com/x"))).isTrue();
        assertThat(matcher.matches(get("http://api.example.com:8080/x"))).isTrue();
        assertThat(matcher.matches(get("http://www.example.com/x"))).isFalse();
    }

    @Test
    void aWildcardHostMatchesAnyNonEmptyPrefix() {
        RouteMatcher matcher = matcher("/**", "*.example.com", List.of());

        assertThat(matcher.matches(get("http://api.example.com/x"))).isTrue();
        assertThat(matcher.matches(get("http://a.b.example.com/x"))).isTrue();
        assertThat(matcher.matches(get("http://example.com/x"))).isFalse();
        assertThat(matcher.matches(get("http://badexample.com/x"))).isFalse();
    }

    @Test
    void aHostWithAPortMatchesOnlyThatPortWithTheSchemeDefaultWhenNoneIsGiven() {
        RouteMatcher onDefault = matcher("/**", "api.example.com:80", List.of());
        RouteMatcher onOther = matcher("/**", "api.example.com:8443", List.of());

        assertThat(onDefault.matches(get("http://api.example.com/x"))).isTrue();
        assertThat(onDefault.matches(get("http://api.example.com:8443/x"))).isFalse();
        assertThat(onOther.matches(get("http://api.example.com:8443/x"))).isTrue();
    }

    private static RouteMatcher matcher(String path, String host, List<String> methods) {
        return new RouteMatcher(PathPatternParser.defaultInstance.parse(path), host, methods);
    }

    private static MockServerHttpRequest get(String url) {
        return MockServerHttpRequest.get(url).build();
    }
}
