package io.github.sigv4gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlChecksTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:9000",
                "http://127.1.2.3",
                "http://localhost:8080/x",
                "http://[::1]:9000",
                "http://[0:0:0:0:0:0:0:1]",
                "http://emulator.test:4566",
                "https://abc.lambda-url.us-east-1.on.aws"
            })
    void target_httpOnlyToLoopbackOrAnAllowedHost_isAccepted(String url) {
        List<ConfigProblem> problems = new ArrayList<>();

        assertThat(UrlChecks.target("k", url, List.of("Emulator.test"), problems))
                .isNotNull();
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://abc.lambda-url.us-east-1.on.aws | http:// only for local emulators",
                "http://127.0.0.1.example.com           | http:// only for local emulators",
                "http://10.0.0.1                        | http:// only for local emulators",
                "ftp://x                                | must be an https:// URL",
                "https://x?q=1                          | must not carry a query",
                "https://                               | not a valid URL"
            })
    void target_otherwise_isRefusedWithItsReason(String url, String reason) {
        List<ConfigProblem> problems = new ArrayList<>();

        assertThat(UrlChecks.target("k", url, List.of("emulator.test"), problems))
                .isNull();
        assertThat(problems)
                .singleElement()
                .extracting(ConfigProblem::reason)
                .asString()
                .contains(reason);
    }
}
