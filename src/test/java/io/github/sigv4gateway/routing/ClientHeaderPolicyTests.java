package io.github.sigv4gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** Which of a client's headers travel on, from read-only headers as a server request carries them. */
class ClientHeaderPolicyTests {

    @Test
    void of_keepsEndToEndHeadersWithAllTheirValuesInOrder_andDropsHopByHopReplacedAndConnectionNamedOnes() {
        HttpHeaders client = new HttpHeaders();
        client.add("Accept", "application/json");
        client.add("X-Trace", "a");
        client.add("X-Trace", "b");
        client.add("Connection", "keep-alive, X-Hop");
        client.add("X-Hop", "dropped");
        client.add("Keep-Alive", "timeout=5");
        client.add("Transfer-Encoding", "chunked");
        client.add("Host", "gateway:8080");
        client.add("Authorization", "AWS4-HMAC-SHA256 Credential=client");
        client.add("X-Amz-Date", "20260101T000000Z");
        client.add("x-amz-meta-note", "kept");

        HttpHeaders forwarded = ClientHeaderPolicy.of(HttpHeaders.readOnlyHttpHeaders(client));

        assertThat(forwarded.headerNames()).containsExactly("Accept", "X-Trace", "x-amz-meta-note");
        assertThat(forwarded.get("X-Trace")).isEqualTo(List.of("a", "b"));
        assertThat(ClientHeaderPolicy.toSign(forwarded)).containsOnlyKeys("x-amz-meta-note");
    }
}
