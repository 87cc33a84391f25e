package io.github.sigv4gateway.server;

import io.github.sigv4gateway.answers.GatewayAnswer;
import io.github.sigv4gateway.observability.RequestLog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * Drops a client that takes longer than the header-read timeout to send a request head (408 if it sent part of
 * one, a silent close if it sent nothing since connecting), so that slow-loris clients cannot hold connections,
 * while idle keep-alive connections between requests are left to the idle timeout. It needs no parser of its own:
 * one half sits before Netty's decoder and starts the clock when bytes of a head arrive ({@link #bytes()}), the other
 * after it and stops the clock when the decoder hands over the head ({@link #heads()}). One instance per
 * connection.
 */
final class HeadReadTimeout {

    static final String BYTES_NAME = "sigv4.headReadTimeout.bytes";
    static final String HEADS_NAME = "sigv4.headReadTimeout.heads";

    private final Duration timeout;
    private final RequestLog log;
    private boolean awaitingHead = true;
    private boolean headStarted;
    private boolean timedOut;
    private long headStartNanos;
    private @Nullable ScheduledFuture<?> timer;

    HeadReadTimeout(Duration timeout, RequestLog log) {
        this.timeout = timeout;
        this.log = log;
    }

    /** The half before the decoder: starts the clock. */
    ChannelHandler bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                // A new connection owes a request head.
                arm(ctx);
                ctx.fireChannelActive();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                cancel();
                ctx.fireChannelInactive();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (timedOut) {
                    ReferenceCountUtil.release(msg);
                    return;
                }
                if (awaitingHead && !headStarted && msg instanceof ByteBuf buf && buf.isReadable()) {
                    headStarted = true;
                    headStartNanos = System.nanoTime();
                }
                // The decoder runs inside this call, so a head complete in these bytes is handed over before it
                // returns: only a head still incomplete after it costs a timer (most heads arrive in one read).
                ctx.fireChannelRead(msg);
                if (awaitingHead && headStarted && timer == null && !timedOut) {
                    arm(ctx);
                }
            }
        };
    }

    /** The half after the decoder: stops the clock at each head, and waits for the next once a request ends. */
    ChannelHandler heads() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    awaitingHead = false;
                    headStarted = false;
                    cancel();
                }
                if (msg instanceof LastHttpContent) {
                    awaitingHead = true;
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    private void arm(ChannelHandlerContext ctx) {
        cancel();
        timer = ctx.executor().schedule(() -> expire(ctx), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Answers from before the decoder, which has no request to pair an answer with, then closes. */
    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        if (!awaitingHead || timedOut || !ctx.channel().isActive()) {
            return;
        }
        timedOut = true;
        if (!headStarted) {
            // Connected and silent since: there is nothing to answer.
            ctx.close();
            return;
        }
        GatewayAnswer answer = new GatewayAnswer(
                HttpStatus.REQUEST_TIMEOUT,
                "header-read-timeout",
                "request head not received within " + timeout.toMillis() + " ms",
                null);
        NettyAnswerWriter.record(log, answer, null, null, System.nanoTime() - headStartNanos);
        ctx.writeAndFlush(NettyAnswerWriter.rawBytes(answer)).addListener(ChannelFutureListener.CLOSE);
    }
}
