package io.github.sigv4gateway.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointTests {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://abc.lambda-url.us-east-1.on.aws     | abc.lambda-url.us-east-1.on.aws  | -1   | abc.lambda-url.us-east-1.on.aws",
                "https://abc.lambda-url.us-east-1.on.aws:443 | abc.lambda-url.us-east-1.on.aws  | -1   | abc.lambda-url.us-east-1.on.aws",
                "http://127.0.0.1:80/base                     | 127.0.0.1                        | -1   | 127.0.0.1",
                "http://127.0.0.1:9000/base                   | 127.0.0.1                        | 9000 | 127.0.0.1:9000",
                "https://example.com:8443                     | example.com                      | 8443 | example.com:8443",
                "http://[::1]:9000                            | [::1]                            | 9000 | [::1]:9000"
            })
    void of_uri_keepsThePortOnlyWhenItIsNotTheSchemesDefault(String uri, String host, int port, String hostHeader) {
        Endpoint endpoint = Endpoint.of(URI.create(uri));

        assertThat(endpoint.host()).isEqualTo(host);
        assertThat(endpoint.port()).isEqualTo(port);
        assertThat(endpoint.hostHeader()).isEqualTo(hostHeader);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"/a%2Fb | x=1+2 | https://h.example/a%2Fb?x=1+2", "/      |       | https://h.example/"})
    void uri_isSpelledExactlyAsSigned(String path, String query, String expected) {
        RequestTarget target = RequestTarget.of(path, query);

        assertThat(Endpoint.of("https", "h.example", -1).uri(target)).hasToString(expected);
    }
}
