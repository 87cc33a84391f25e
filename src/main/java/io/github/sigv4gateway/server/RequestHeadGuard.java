package io.github.sigv4gateway.server;

import io.github.sigv4gateway.answers.GatewayAnswer;
import io.github.sigv4gateway.observability.RequestLog;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * Sits right after Netty's HTTP/1.1 decoder on the proxy port and settles what must never reach the gateway's
 * routing: requests the decoder could not frame (ambiguous lengths, bad headers) get 400, oversized heads 431,
 * {@code CONNECT} 405. Absolute-form targets are cut to origin-form, so only a route's target is ever called; raw non-ASCII bytes in
 * the target are percent-encoded, and a broken percent-escape gets 400. Answers are the gateway's JSON, then the
 * connection closes, so a half-read request is never forwarded; each is logged and counted like any answer
 * ({@link RequestLog}), without a route. A body the decoder fails on fails the request's
 * body stream ({@link MalformedRequestBodyException}), so that request is never forwarded either. One instance per
 * connection.
 */
final class RequestHeadGuard extends ChannelInboundHandlerAdapter {

    static final String NAME = "sigv4.requestHeadGuard";

    private final RequestLog log;
    private boolean rejected;

    RequestHeadGuard(RequestLog log) {
        this.log = log;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (rejected) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            if (!admit(ctx, request)) {
                ReferenceCountUtil.release(msg);
                return;
            }
        } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            failBody(ctx, content);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * The decoder could not read the body (a bad chunk size, a chunk without its CRLF, bad trailers): Reactor Netty
     * would answer 400 itself but complete the body as if it had ended, so the request, its body cut short, would
     * be signed and forwarded. Instead the body fails, the request is never sent, and the gateway's error handler
     * answers; the connection is not reused, as the framing is lost. Whatever else arrives is dropped.
     */
    private void failBody(ChannelHandlerContext ctx, HttpContent content) {
        rejected = true;
        Throwable cause = content.decoderResult().cause();
        ReferenceCountUtil.release(content);
        ctx.fireExceptionCaught(new MalformedRequestBodyException(cause));
    }

    /** Whether the request may go on; when not, the answer has been sent and the connection is closing. */
    private boolean admit(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure() && !ctx.channel().isActive()) {
            // A head cut short by the connection closing (also after the raw guard's 408): nobody to answer.
            rejected = true;
            return false;
        }
        if (request.decoderResult().isFailure()) {
            HttpStatus status = statusForDecoderFailure(request.decoderResult().cause());
            // The decoder's own message may quote header values, so it is not echoed.
            String message = status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    ? "request headers are larger than the server accepts"
                    : status == HttpStatus.URI_TOO_LONG
                            ? "request line is longer than the server accepts"
                            : "request is malformed: invalid or ambiguous framing (e.g. Content-Length with"
                                    + " Transfer-Encoding, conflicting Content-Length) or an invalid header";
            // The request line may not have been read: a failed head carries a placeholder method and target.
            reject(
                    ctx,
                    status,
                    status == HttpStatus.BAD_REQUEST ? "malformed-request" : "request-too-large",
                    message,
                    null,
                    null);
            return false;
        }
        if (isConnect(request)) {
            reject(
                    ctx,
                    HttpStatus.METHOD_NOT_ALLOWED,
                    "connect-not-supported",
                    "CONNECT is not supported: sigv4-gateway is a reverse proxy for its configured routes",
                    request.method().name(),
                    null);
            return false;
        }
        RequestTargetForm.Result target = RequestTargetForm.toOriginForm(request.uri());
        if (target.problem() != null) {
            reject(
                    ctx,
                    HttpStatus.BAD_REQUEST,
                    "malformed-target",
                    target.problem(),
                    request.method().name(),
                    pathOf(request.uri()));
            return false;
        }
        if (!target.target().equals(request.uri())) {
            request.setUri(target.target());
        }
        return true;
    }

    private void reject(
            ChannelHandlerContext ctx,
            HttpStatus status,
            String reason,
            String message,
            @Nullable String method,
            @Nullable String path) {
        rejected = true;
        GatewayAnswer answer = new GatewayAnswer(status, reason, message, null);
        NettyAnswerWriter.record(log, answer, method, path, 0);
        ctx.writeAndFlush(NettyAnswerWriter.response(answer)).addListener(ChannelFutureListener.CLOSE);
    }

    private static String pathOf(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    static HttpStatus statusForDecoderFailure(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        if (cause instanceof TooLongHttpLineException) {
            return HttpStatus.URI_TOO_LONG;
        }
        return HttpStatus.BAD_REQUEST;
    }

    static boolean isConnect(HttpRequest request) {
        return HttpMethod.CONNECT.equals(request.method());
    }
}
