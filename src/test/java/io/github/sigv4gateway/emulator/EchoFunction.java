package io.github.sigv4gateway.emulator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The emulated function: answers 200 with a JSON echo of what it received ("Hello from lambda!" plus method,
 * raw path and query, decoded query parameters, headers, body and the verified principal). Test-only behaviours,
 * driven by request headers: {@code x-emulator-status}, {@code x-emulator-delay-ms}, {@code x-emulator-stream-chunks}
 * with {@code x-emulator-chunk-delay-ms}, and {@code x-emulator-response-bytes} (streamed, never held whole).
 */
final class EchoFunction {

    private static final int CHUNK = 64 * 1024;

    private EchoFunction() {}

    static Mono<Void> answer(RecordedRequest request, HttpServerResponse response) {
        int status = intHeader(request, "x-emulator-status", 200);
        long delay = intHeader(request, "x-emulator-delay-ms", 0);
        Mono<Void> answer;
        long bytes = longHeader(request, "x-emulator-response-bytes", -1);
        int chunks = intHeader(request, "x-emulator-stream-chunks", 0);
        if (bytes >= 0) {
            answer = response.status(status)
                    .header("Content-Type", "application/octet-stream")
                    .header("Content-Length", String.valueOf(bytes))
                    .send(pattern(bytes))
                    .then();
        } else if (chunks > 0) {
            long chunkDelay = intHeader(request, "x-emulator-chunk-delay-ms", 100);
            Flux<ByteBuf> body = Flux.range(0, chunks)
                    .concatMap(i -> Mono.delay(Duration.ofMillis(i == 0 ? 0 : chunkDelay))
                            .thenReturn(Unpooled.copiedBuffer("chunk-" + i + "\n", StandardCharsets.UTF_8)));
            answer = response.status(status)
                    .header("Content-Type", "text/plain")
                    .chunkedTransfer(true)
                    .send(body, b -> true)
                    .then();
        } else {
            byte[] json = echo(request).getBytes(StandardCharsets.UTF_8);
            answer = response.status(HttpResponseStatus.valueOf(status))
                    .header("Content-Type", "application/json")
                    .header("Content-Length", String.valueOf(json.length))
                    .sendByteArray(Mono.just(json))
                    .then();
        }
        return delay > 0 ? Mono.delay(Duration.ofMillis(delay)).then(answer) : answer;
    }

    /** {@code bytes} of a repeating pattern (byte i = i % 251), produced chunk by chunk. */
    static Flux<ByteBuf> pattern(long bytes) {
        return Flux.generate(() -> 0L, (offset, sink) -> {
            if (offset >= bytes) {
                sink.complete();
                return offset;
            }
            int size = (int) Math.min(CHUNK, bytes - offset);
            byte[] chunk = new byte[size];
            for (int i = 0; i < size; i++) {
                chunk[i] = (byte) ((offset + i) % 251);
            }
            sink.next(Unpooled.wrappedBuffer(chunk));
            return offset + size;
        });
    }

    static String echo(RecordedRequest request) {
        String target = request.rawTarget();
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        String rawQuery = q < 0 ? "" : target.substring(q + 1);
        Map<String, String> query = new LinkedHashMap<>();
        if (!rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.merge(key, value, (a, b) -> a + "," + b);
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers()
                .forEach(h -> headers.merge(h.getKey().toLowerCase(Locale.ROOT), redacted(h), (a, b) -> a + "," + b));
        return "{\"message\":\"Hello from lambda!\",\"method\":" + str(request.method())
                + ",\"rawPath\":" + str(rawPath)
                + ",\"rawQueryString\":" + str(rawQuery)
                + ",\"queryStringParameters\":" + map(query)
                + ",\"headers\":" + map(headers)
                + ",\"bodyBase64\":" + str(Base64.getEncoder().encodeToString(request.body()))
                + ",\"bodySha256\":" + str(SigV4Verifier.hex(SigV4Verifier.sha256(request.body())))
                + ",\"bodyLength\":" + request.body().length
                + ",\"principal\":" + str(request.verification().principal()) + "}";
    }

    /** The echo shows that a request was signed, never the signature or token themselves. */
    private static String redacted(Map.Entry<String, String> header) {
        String name = header.getKey().toLowerCase(Locale.ROOT);
        if (name.equals("authorization")) {
            int signature = header.getValue().indexOf("Signature=");
            return signature < 0 ? "<redacted>" : header.getValue().substring(0, signature) + "Signature=<redacted>";
        }
        return name.equals("x-amz-security-token") ? "<redacted>" : header.getValue();
    }

    private static String decode(String raw) {
        // Function URLs hand the function decoded parameters, as form decoding does: a raw '+' is a space.
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    private static String map(Map<String, String> values) {
        StringBuilder out = new StringBuilder("{");
        values.forEach((k, v) -> out.append(out.length() > 1 ? "," : "")
                .append(str(k))
                .append(':')
                .append(str(v)));
        return out.append('}').toString();
    }

    private static String str(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static int intHeader(RecordedRequest request, String name, int fallback) {
        String value = request.header(name);
        return value == null ? fallback : Integer.parseInt(value.trim());
    }

    private static long longHeader(RecordedRequest request, String name, long fallback) {
        String value = request.header(name);
        return value == null ? fallback : Long.parseLong(value.trim());
    }
}
