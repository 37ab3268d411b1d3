package dev.suture.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalOptionsTest {

    @Test
    void byDefaultTwoGatewaysRunBesideTheControlServiceOnTheDocumentedPorts() {
        LocalOptions options = LocalOptions.parse(new String[0]);

        assertThat(options.gateways()).isEqualTo(2);
        assertThat(options.controlPort()).isEqualTo(8081);
        assertThat(options.gatewayPorts()).containsExactly(8080, 8082);
        assertThat(options.upstreamPort()).isEqualTo(9000);
        assertThat(options.dataDir()).isEqualTo(Path.of("data"));
        assertThat(options.demo()).isFalse();
    }

    @Test
    void furtherGatewaysTakeTheNextPortsSkippingTheControlServices() {
        LocalOptions options = LocalOptions.parse(new String[] {"--gateways=4", "--gateway-port=8080", "--demo"});

        assertThat(options.gatewayPorts()).containsExactly(8080, 8082, 8083, 8084);
        assertThat(options.demo()).isTrue();
    }

    @Test
    void onFreePortsEveryPortIsChosenAtStart() {
        LocalOptions options = LocalOptions.defaults().withGateways(3).onFreePorts();

        assertThat(options.gatewayPorts()).containsExactly(0, 0, 0);
        assertThat(options.controlPort()).isZero();
        assertThat(options.upstreamPort()).isZero();
    }

    @Test
    void anUnknownArgumentIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--gatways=2"}))
                .hasMessageStartingWith("unknown argument --gatways=2; known: --gateways=N");
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--gateways=0"}))
                .hasMessage("--gateways must be between 1 and 20 but was 0");
    }
}
