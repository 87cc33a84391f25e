package io.github.sigv4gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class ServiceAccountTokensTests {

    @Test
    void presented_isABearerJwt_only() {
        assertThat(ServiceAccountTokens.presented(authorization("Bearer eyJh.eyJz.c2ln")))
                .isEqualTo("eyJh.eyJz.c2ln");
        assertThat(ServiceAccountTokens.presented(authorization("bearer eyJh.eyJz.c2ln ")))
                .isEqualTo("eyJh.eyJz.c2ln");
        assertThat(ServiceAccountTokens.presented(authorization("Bearer reports-key-123")))
                .isNull();
        assertThat(ServiceAccountTokens.presented(authorization("Bearer a.b.c.d")))
                .isNull();
        assertThat(ServiceAccountTokens.presented(authorization("Bearer a..c"))).isNull();
        assertThat(ServiceAccountTokens.presented(authorization("Basic eyJh.eyJz.c2ln")))
                .isNull();
        assertThat(ServiceAccountTokens.presented(new HttpHeaders())).isNull();
    }

    private static HttpHeaders authorization(String value) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.AUTHORIZATION, value);
        return headers;
    }
}
