package dev.suture.model.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.suture.model.validation.InvalidSpecException;
import dev.suture.model.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteSpecTest {

    @Test
    void theSmallestRouteTakesTheDocumentedDefaults() {
        RouteSpec route = RouteSpec.of("orders", "/orders/**", List.of(UpstreamSpec.of("http://127.0.0.1:9001/")));

        assertThat(route.policy()).isEqualTo("default");
        assertThat(route.connectTimeoutMs()).isEqualTo(2_000);
        assertThat(route.responseTimeoutMs()).isEqualTo(15_000);
        assertThat(route.methods()).isEmpty();
        assertThat(route.fallbackUpstreams()).isEmpty();
        assertThat(route.upstreams().get(0).url()).isEqualTo("http://127.0.0.1:9001");
        assertThat(route.upstreams().get(0).weight()).isEqualTo(1);
    }

    @Test
    void everyBadFieldIsReportedAtOnce() {
        assertThatThrownBy(() -> new RouteSpec(
                        "Orders!", "orders", "bad host!", List.of("FETCH"), List.of(), null, 0, 400_000, "x y", null))
                .isInstanceOfSatisfying(
                        InvalidSpecException.class,
                        e -> assertThat(e.violations())
                                .extracting(Violation::field)
                                .containsExactlyInAnyOrder(
                                        "id",
                                        "path",
                                        "host",
                                        "methods",
                                        "upstreams",
                                        "connectTimeoutMs",
                                        "responseTimeoutMs",
                                        "policy"));
    }

    @Test
    void anUpstreamMustBeAnAbsoluteHttpUrlWithoutQuery() {
        assertThatThrownBy(() -> UpstreamSpec.of("ftp://files.example.com"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("url must be an absolute http or https URL");
        assertThatThrownBy(() -> UpstreamSpec.of("http://example.com/x?y=1"))
                .hasMessageContaining("must not contain user info, a query or a fragment");
        assertThatThrownBy(() -> new UpstreamSpec("http://example.com", 0)).hasMessageContaining("weight");
    }

    @Test
    void aPoolMayNotNameTheSameInstanceTwice() {
        UpstreamSpec one = UpstreamSpec.of("http://10.0.0.1:80");

        assertThatThrownBy(() -> RouteSpec.of("orders", "/orders", List.of(one, one)))
                .hasMessageContaining("lists http://10.0.0.1:80 more than once");
    }

    @Test
    void methodsAreNormalisedToSortedUpperCase() {
        RouteSpec route = new RouteSpec(
                "orders",
                "/orders",
                "API.Example.com",
                List.of("post", "GET", "get"),
                List.of(UpstreamSpec.of("http://10.0.0.1")),
                null,
                null,
                null,
                null,
                null);

        assertThat(route.methods()).containsExactly("GET", "POST");
        assertThat(route.host()).isEqualTo("api.example.com");
    }
}
