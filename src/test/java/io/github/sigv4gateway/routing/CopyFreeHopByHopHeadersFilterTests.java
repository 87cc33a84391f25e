package io.github.sigv4gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

class CopyFreeHopByHopHeadersFilterTests {

    private final ServerWebExchange exchange =
            MockServerWebExchange.from(MockServerHttpRequest.get("/").build());

    @Test
    void headersWithNothingToRemove_areReturnedAsTheyAre() {
        HttpHeaders headers = HttpHeaders.readOnlyHttpHeaders(headers(
                Map.of("Content-Type", "application/json", "X-Amz-Date", "20261201T000000Z", "Content-Length", "18")));
        assertThat(new CopyFreeHopByHopHeadersFilter(new RemoveHopByHopHeadersFilter()).filter(headers, exchange))
                .isSameAs(headers);
    }

    static Stream<Arguments> headerSets() {
        return Stream.of(
                Arguments.of(Map.of("Content-Type", "text/plain", "ETag", "\"1\"")),
                Arguments.of(Map.of("Keep-Alive", "timeout=5", "Content-Type", "text/plain")),
                Arguments.of(Map.of("connection", "close", "Content-Length", "3")),
                Arguments.of(Map.of("Connection", "X-Private, keep-alive", "x-private", "1", "X-Kept", "2")),
                Arguments.of(Map.of("Transfer-Encoding", "chunked", "TE", "trailers", "Trailer", "X-Sum")),
                Arguments.of(Map.of("Proxy-Authorization", "Basic Zm9v", "Upgrade", "h2c", "X-Kept", "1")),
                Arguments.of(Map.of("Connection", "keep-alive", "Content-Length", "18", "Date", "x", "ETag", "1")),
                Arguments.of(Map.of("Connection", "\"X-Quoted\" , , X-B", "X-B", "1", "x-quoted", "2", "X-C", "3")),
                Arguments.of(Map.of("Connection", "")));
    }

    /** The same result as SCG's filter, for headers with and without hop-by-hop ones, names in any case. */
    @ParameterizedTest
    @MethodSource("headerSets")
    void result_isScgs(Map<String, String> given) {
        HttpHeaders scgs = new RemoveHopByHopHeadersFilter().filter(headers(given), exchange);
        HttpHeaders ours =
                new CopyFreeHopByHopHeadersFilter(new RemoveHopByHopHeadersFilter()).filter(headers(given), exchange);
        assertThat(asMap(ours)).isEqualTo(asMap(scgs));
        assertThat(List.copyOf(asMap(ours).keySet()))
                .isEqualTo(List.copyOf(asMap(scgs).keySet()));
    }

    /** Several values of one header, several Connection headers, read-only input as a server request's. */
    @Test
    void multiValuedAndReadOnlyHeaders_giveScgsResult() {
        HttpHeaders given = new HttpHeaders();
        given.add("Connection", "X-One");
        given.add("Connection", "x-two, Keep-Alive");
        given.add("X-One", "1");
        given.add("X-Two", "2");
        given.add("Set-Cookie", "a=1");
        given.add("Set-Cookie", "b=2");
        given.add("Keep-Alive", "timeout=5");
        HttpHeaders readOnly = HttpHeaders.readOnlyHttpHeaders(given);

        HttpHeaders scgs = new RemoveHopByHopHeadersFilter().filter(readOnly, exchange);
        HttpHeaders ours =
                new CopyFreeHopByHopHeadersFilter(new RemoveHopByHopHeadersFilter()).filter(readOnly, exchange);

        assertThat(asMap(ours)).isEqualTo(asMap(scgs)).containsOnlyKeys("set-cookie");
        assertThat(ours.get("Set-Cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    void configuredHeadersAndOrder_areTakenOver() {
        RemoveHopByHopHeadersFilter configured = new RemoveHopByHopHeadersFilter();
        configured.setHeaders(Set.of("X-Internal"));
        configured.setOrder(42);
        CopyFreeHopByHopHeadersFilter filter = new CopyFreeHopByHopHeadersFilter(configured);
        assertThat(filter.getOrder()).isEqualTo(42);
        assertThat(asMap(filter.filter(headers(Map.of("x-internal", "1", "Keep-Alive", "5")), exchange)))
                .containsOnlyKeys("keep-alive");
    }

    private static HttpHeaders headers(Map<String, String> values) {
        HttpHeaders headers = new HttpHeaders();
        values.forEach(headers::add);
        return headers;
    }

    private static Map<String, List<String>> asMap(HttpHeaders headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        headers.forEach((name, values) -> map.put(name.toLowerCase(java.util.Locale.ROOT), values));
        return map;
    }
}
