package dev.suture.gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {

    @Test
    void basicCredentialsAreFormEncodedBeforeTheyAreJoined() {
        String header = TokenEndpoint.basic("gw client", "p:ss/w+rd=");

        String pair =
                new String(Base64.getDecoder().decode(header.substring("Basic ".length())), StandardCharsets.UTF_8);
        assertThat(header).startsWith("Basic ");
        assertThat(pair).as("RFC 6749 section 2.3.1").isEqualTo("gw+client:p%3Ass%2Fw%2Brd%3D");
    }
}
