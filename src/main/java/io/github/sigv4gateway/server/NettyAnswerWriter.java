package io.github.sigv4gateway.server;

import io.github.sigv4gateway.answers.GatewayAnswer;
import io.github.sigv4gateway.observability.RequestLog;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A {@link GatewayAnswer} as Netty sends it before any routing: always with {@code Connection: close}, as the
 * request it answers is not read to its end. Handlers after the HTTP codec send a response object; a handler ahead of
 * the codec, which has no request to pair an answer with, sends the same answer as raw bytes.
 */
final class NettyAnswerWriter {

    private NettyAnswerWriter() {}

    static FullHttpResponse response(GatewayAnswer answer) {
        byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status().value()),
                Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(GatewayAnswer.MARKER_HEADER, answer.reason());
        return response;
    }

    static ByteBuf rawBytes(GatewayAnswer answer) {
        byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + answer.status().value() + " "
                + answer.status().getReasonPhrase()
                + "\r\ncontent-type: application/json\r\ncontent-length: " + body.length
                + "\r\nconnection: close\r\n" + GatewayAnswer.MARKER_HEADER + ": " + answer.reason() + "\r\n\r\n";
        return Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
    }

    /** Logs and counts an answer made before routing: no route, and no body read. */
    static void record(
            RequestLog log, GatewayAnswer answer, @Nullable String method, @Nullable String path, long nanos) {
        int bytesOut = answer.json().getBytes(StandardCharsets.UTF_8).length;
        log.record(null, method, path, answer.status().value(), nanos, 0, bytesOut, answer.reason());
    }
}
