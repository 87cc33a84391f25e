package io.github.sigv4gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A route's target, composed with a client's path once per request from what startup worked out. */
class FixedTargetTests {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://api.example/prod  | 1 | /orders/42?x=1 | https://api.example/prod/42?x=1",
                "https://api.example/prod/ | 1 | /orders/42     | https://api.example/prod/42",
                "https://api.example       | 0 | /a/./b/../c    | https://api.example/a/c",
                "http://127.0.0.1:9000/b   | 2 | /x/y/z?q=a+b   | http://127.0.0.1:9000/b/z?q=a+b",
                "https://api.example/prod  | 3 | /orders        | https://api.example/prod/"
            })
    void outgoing_stripsThePrefix_andPutsTheRestUnderTheBasePath(
            String target, int strip, String client, String expected) {
        FixedTarget fixed = FixedTarget.of(URI.create(target), strip);

        assertThat(fixed.endpoint().uri(fixed.outgoing(URI.create(client)))).hasToString(expected);
    }
}
