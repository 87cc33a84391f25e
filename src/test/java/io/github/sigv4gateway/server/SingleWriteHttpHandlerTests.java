package io.github.sigv4gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class SingleWriteHttpHandlerTests {

    /**
     * What reaches the server's response: one buffer (a {@code Mono}, written with the head) or the stream as
     * it came. {@code length} is the declared Content-Length, empty for none; the body is three chunks.
     */
    @ParameterizedTest(name = "Content-Length {0}: one buffer = {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "none",
            value = {
                "18     | true",
                "0      | true",
                "16384  | true",
                "16385  | false",
                "none   | false",
                "-1     | false",
                "twelve | false"
            })
    void aBodyOfDeclaredLengthUpTheLimit_isWrittenAsOneBuffer(String length, boolean joined) {
        RecordingResponse response = new RecordingResponse();
        if (length != null) {
            response.getHeaders().set(HttpHeaders.CONTENT_LENGTH, length);
        }
        Flux<DataBuffer> body = Flux.just("Hello ", "from ", "lambda!").map(SingleWriteHttpHandlerTests::buffer);
        new SingleWriteHttpHandler((request, out) -> out.writeWith(body))
                .handle(MockServerHttpRequest.method(HttpMethod.GET, "/").build(), response)
                .block();

        assertThat(response.writtenAsMono).containsExactly(joined);
        assertThat(response.getBodyAsString().block()).isEqualTo("Hello from lambda!");
    }

    @ParameterizedTest(name = "Content-Length {0}")
    @CsvSource({"18", "100000"})
    void aBodyGivenAsOneBuffer_staysOne(String length) {
        RecordingResponse response = new RecordingResponse();
        response.getHeaders().set(HttpHeaders.CONTENT_LENGTH, length);
        new SingleWriteHttpHandler((request, out) -> out.writeWith(Mono.just(buffer("Hello from lambda!"))))
                .handle(MockServerHttpRequest.method(HttpMethod.GET, "/").build(), response)
                .block();
        assertThat(response.writtenAsMono).containsExactly(true);
    }

    private static DataBuffer buffer(String text) {
        return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Records whether each body reached the server as a single buffer. */
    private static final class RecordingResponse extends MockServerHttpResponse {

        final List<Boolean> writtenAsMono = new ArrayList<>();

        @Override
        protected Mono<Void> writeWithInternal(Publisher<? extends DataBuffer> body) {
            writtenAsMono.add(body instanceof Mono);
            return super.writeWithInternal(body);
        }
    }
}
