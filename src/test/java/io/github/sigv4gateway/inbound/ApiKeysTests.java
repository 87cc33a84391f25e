package io.github.sigv4gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class ApiKeysTests {

    /** SHA-256 of "password". */
    private static final byte[] PASSWORD =
            HexFormat.of().parseHex("5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8");

    @Test
    void bearer_isReadCaseInsensitively_otherSchemesAreNoKey() {
        ApiKeys keys = new ApiKeys("Authorization");

        assertThat(keys.presented(headers("Authorization", "Bearer password"))).isEqualTo("password");
        assertThat(keys.presented(headers("Authorization", "bearer  password ")))
                .isEqualTo("password");
        assertThat(keys.presented(headers("Authorization", "Basic cGFzc3dvcmQ=")))
                .isNull();
        assertThat(keys.presented(headers("Authorization", "Bearer"))).isNull();
        assertThat(keys.presented(new HttpHeaders())).isNull();
    }

    @Test
    void namedHeader_carriesTheKeyAlone() {
        ApiKeys keys = new ApiKeys("X-Api-Key");

        assertThat(keys.bearer()).isFalse();
        assertThat(keys.presented(headers("x-api-key", "password"))).isEqualTo("password");
    }

    @Test
    void nameOf_findsTheKeyByItsHash_andReplaceSwapsThemAll() {
        ApiKeys keys = new ApiKeys("Authorization");
        keys.replace(Map.of("reports", PASSWORD));

        assertThat(keys.nameOf("password")).isEqualTo("reports");
        assertThat(keys.nameOf("Password")).isNull();
        assertThat(keys.nameOf("")).isNull();

        keys.replace(Map.of());
        assertThat(keys.nameOf("password")).isNull();
    }

    private static HttpHeaders headers(String name, String value) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(name, value);
        return headers;
    }
}
