package io.github.sigv4gateway.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestTargetTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                      | /",
                "/                       | /",
                "/a/b                    | /a/b",
                "/a%2Fb                  | /a%2Fb",
                "/a%2fb                  | /a%2Fb",
                "/a+b                    | /a%2Bb",
                "/%c3%a9                 | /%C3%A9",
                "/%7Euser/%41            | /~user/A",
                "/a/./b/../c             | /a/c",
                "/a/%2E%2E/c             | /c",
                "/../../etc              | /etc",
                "/a/b/..                 | /a/",
                "//a//b//                | //a//b//",
                "/!'()*@:=$,;            | /%21%27%28%29%2A%40%3A%3D%24%2C%3B",
                "/caf\u00c3\u00a9        | /caf%C3%A9",
            })
    void normalizePath_reencodesOnceAndRemovesDotSegments(String raw, String expected) {
        assertThat(RequestTarget.of(raw, null).encodedPath()).isEqualTo(expected);
    }

    @Test
    void query_keepsOrderRepeatsAndBareKeys_andReadsPlusAsASpace() {
        RequestTarget target =
                RequestTarget.of("/", "b=2&a=1&a=0&flag&empty=&plus=a+b&lit=a%2bb&eq=x=y&sp=a%20b&u=%c3%a9");
        assertThat(target.encodedQuery())
                .isEqualTo("b=2&a=1&a=0&flag&empty=&plus=a+b&lit=a%2Bb&eq=x%3Dy&sp=a%20b&u=%C3%A9");
        assertThat(target.query())
                .extracting(QueryParameter::value)
                .containsExactly("2", "1", "0", null, "", "a b", "a+b", "x=y", "a b", "\u00e9");
    }

    @Test
    void query_plusInAKey_isASpaceToo_andKeptOnTheWire() {
        RequestTarget target = RequestTarget.of("/", "first+name=Ann&k%2B=v&bare+key");
        assertThat(target.query()).extracting(QueryParameter::name).containsExactly("first name", "k+", "bare key");
        assertThat(target.encodedQuery()).isEqualTo("first+name=Ann&k%2B=v&bare+key");
    }

    @Test
    void query_parameterFromDecodedText_isSentStrictlyEncoded() {
        assertThat(new QueryParameter("a b", "1+2").encoded()).isEqualTo("a%20b=1%2B2");
        assertThat(new QueryParameter("flag", null).encoded()).isEqualTo("flag");
    }

    @Test
    void query_reservedCharacters_areSentEncoded_butThePlusKept() {
        assertThat(RequestTarget.of("/", "k=+=*~!'()@:").encodedQuery()).isEqualTo("k=+%3D%2A~%21%27%28%29%40%3A");
    }

    @Test
    void malformedEscape_isRefused() {
        assertThatThrownBy(() -> RequestTarget.of("/%zz", null)).isInstanceOf(MalformedRequestTargetException.class);
        assertThatThrownBy(() -> RequestTarget.of("/", "a=%")).isInstanceOf(MalformedRequestTargetException.class);
        assertThatThrownBy(() -> RequestTarget.of("/", "a=%4")).isInstanceOf(MalformedRequestTargetException.class);
    }

    @Test
    void queryThatIsNotUtf8_isRefused_becauseItCannotBeSignedFaithfully() {
        assertThatThrownBy(() -> RequestTarget.of("/", "a=%FF")).isInstanceOf(MalformedRequestTargetException.class);
    }

    @Test
    void emptyParameterName_isRefused() {
        assertThatThrownBy(() -> RequestTarget.of("/", "=x")).isInstanceOf(MalformedRequestTargetException.class);
    }

    @Test
    void stripPrefix_andBasePath_compose() {
        RequestTarget target = RequestTarget.of("/api/v1/items", "q=1");
        assertThat(target.stripPrefix(1).encodedPath()).isEqualTo("/v1/items");
        assertThat(target.stripPrefix(2).withBasePath("/prod").pathAndQuery()).isEqualTo("/prod/items?q=1");
        assertThat(target.stripPrefix(5).encodedPath()).isEqualTo("/");
        assertThat(RequestTarget.of("/api", null).stripPrefix(1).encodedPath()).isEqualTo("/");
        assertThat(target.withBasePath("/").encodedPath()).isEqualTo("/api/v1/items");
        assertThat(target.withBasePath("/base/").encodedPath()).isEqualTo("/base/api/v1/items");
    }
}
