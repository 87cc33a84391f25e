package io.github.sigv4gateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.signing.RequestTarget;
import io.github.sigv4gateway.testsupport.ExternalTools;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * How {@code +}, {@code %2B} and spaces in a query are signed, against botocore (AWS's own Python signer), which
 * encodes decoded parameters itself: a query as a client sends it, what it means (a raw {@code +} is a space,
 * {@code %2B} a plus, for keys as for values), botocore's canonical query for that meaning, the gateway's decoded
 * parameters, and the emulator's reading of what the gateway sends must all agree.
 */
class QueryCanonicalFormIntegrationTests {

    private static final Path SCRIPT = Path.of("src", "test", "resources", "emulator", "botocore_canonical_query.py");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of("q=John+Smith", "q=John+Smith", List.of(List.of("q", "John Smith"))),
                Arguments.of("q=1%2B2", "q=1%2B2", List.of(List.of("q", "1+2"))),
                Arguments.of("q=a%20b", "q=a%20b", List.of(List.of("q", "a b"))),
                Arguments.of("q=a+b%2Bc%20d", "q=a+b%2Bc%20d", List.of(List.of("q", "a b+c d"))),
                Arguments.of(
                        "first+name=Ann&x=+",
                        "first+name=Ann&x=+",
                        List.of(List.of("first name", "Ann"), List.of("x", " "))),
                Arguments.of("k%2Bey=v&k+ey=w", "k%2Bey=v&k+ey=w", List.of(List.of("k+ey", "v"), List.of("k ey", "w"))),
                Arguments.of("e=%c3%a9+%c3%a9", "e=%C3%A9+%C3%A9", List.of(List.of("e", "\u00e9 \u00e9"))),
                Arguments.of(
                        "b=2&a=1+1&a=1",
                        "b=2&a=1+1&a=1",
                        List.of(List.of("b", "2"), List.of("a", "1 1"), List.of("a", "1"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void query_isSignedAsAwsReadsIt(String clientQuery, String wireQuery, List<List<String>> meaning) {
        ExternalTools.require("python3 with botocore", "python3", "-c", "import botocore.auth");
        RequestTarget target = RequestTarget.of("/", clientQuery);
        List<List<String>> decoded = target.query().stream()
                .map(p -> Arrays.asList(p.name(), p.value() == null ? "" : p.value()))
                .toList();

        assertThat(target.encodedQuery()).as("sent as the client spelled it").isEqualTo(wireQuery);
        assertThat(decoded).as("what the gateway signs").isEqualTo(meaning);
        String botocore = botocoreCanonicalQuery(meaning);
        assertThat(SigV4Verifier.canonicalQuery(target.encodedQuery()))
                .as("the emulator's (AWS's) reading of what is sent")
                .isEqualTo(botocore);
        assertThat(botocoreCanonicalQuery(decoded)).isEqualTo(botocore);
        assertThat(botocore).doesNotContain("+");
    }

    private static String botocoreCanonicalQuery(List<List<String>> pairs) {
        return ExternalTools.run(List.of("python3", SCRIPT.toString()), JSON.writeValueAsString(pairs));
    }
}
