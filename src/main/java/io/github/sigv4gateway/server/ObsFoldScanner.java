package io.github.sigv4gateway.server;

import io.github.sigv4gateway.answers.GatewayAnswer;
import io.github.sigv4gateway.observability.RequestLog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;
import org.springframework.http.HttpStatus;

/**
 * Refuses (400) the one malformed head Netty's decoder accepts: obsolete line folding (RFC 9112 5.2), which it joins
 * silently. Only the raw bytes show it, so this scanner follows HTTP/1.1 framing to know where heads start (bodies
 * skipped by count) and leaves what it cannot follow to the decoder. One instance per connection, before the codec.
 */
final class ObsFoldScanner extends ChannelInboundHandlerAdapter {

    static final String NAME = "sigv4.obsFoldScanner";
    private static final GatewayAnswer OBS_FOLD = new GatewayAnswer(
            HttpStatus.BAD_REQUEST,
            "malformed-request",
            "request is malformed: obsolete line folding in a header (a header line starting with a space or tab)",
            null);
    private static final int MAX_LINE = 64 * 1024;

    private enum State {
        HEAD,
        BODY,
        CHUNK_SIZE,
        CHUNK_DATA,
        CHUNK_CRLF,
        TRAILERS,
        PASS_THROUGH,
        REJECTED
    }

    private final RequestLog log;
    private State state = State.HEAD;
    private final StringBuilder line = new StringBuilder(128);
    private int headLines;
    private long remaining;
    private long contentLength = -1;
    private boolean chunked;

    ObsFoldScanner(RequestLog log) {
        this.log = log;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.REJECTED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (state != State.PASS_THROUGH && msg instanceof ByteBuf buf && !inspect(buf)) {
            reject(ctx);
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Follows {@code buf}; false on an obs-fold. */
    private boolean inspect(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        while (i < end && state != State.PASS_THROUGH) {
            switch (state) {
                case BODY, CHUNK_DATA -> {
                    int skip = (int) Math.min(remaining, end - i);
                    i += skip;
                    remaining -= skip;
                    if (remaining == 0) {
                        state = state == State.BODY ? State.HEAD : State.CHUNK_CRLF;
                        remaining = 2;
                    }
                }
                case CHUNK_CRLF -> {
                    i++;
                    if (--remaining == 0) {
                        state = State.CHUNK_SIZE;
                    }
                }
                default -> {
                    byte b = buf.getByte(i++);
                    if (!onLineByte(b)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private boolean onLineByte(byte b) {
        if (b == '\n') {
            int length = line.length();
            if (length > 0 && line.charAt(length - 1) == '\r') {
                line.setLength(length - 1);
            }
            onLine();
            line.setLength(0);
            return true;
        }
        if (line.isEmpty() && (b == ' ' || b == '\t') && state == State.HEAD && headLines > 0) {
            return false;
        }
        if (line.length() >= MAX_LINE) {
            state = State.PASS_THROUGH;
            return true;
        }
        line.append((char) (b & 0xFF));
        return true;
    }

    private void onLine() {
        switch (state) {
            case HEAD -> onHeadLine();
            case CHUNK_SIZE -> onChunkSize();
            case TRAILERS -> {
                if (line.isEmpty()) {
                    state = State.HEAD;
                }
            }
            default -> {}
        }
    }

    private void onHeadLine() {
        if (line.isEmpty()) {
            if (headLines == 0) {
                return;
            }
            endOfHead();
            return;
        }
        if (headLines > 0) {
            int colon = line.indexOf(":");
            if (colon > 0) {
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                if ("content-length".equals(name)) {
                    contentLength = parseLength(value);
                } else if ("transfer-encoding".equals(name) && value.endsWith("chunked")) {
                    chunked = true;
                }
            }
        }
        headLines++;
    }

    private void endOfHead() {
        headLines = 0;
        if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength > 0) {
            state = State.BODY;
            remaining = contentLength;
        } else if (contentLength < -1) {
            state = State.PASS_THROUGH;
        }
        contentLength = -1;
        chunked = false;
    }

    private void onChunkSize() {
        int semicolon = line.indexOf(";");
        String hex = (semicolon < 0 ? line.toString() : line.substring(0, semicolon)).trim();
        try {
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                state = State.TRAILERS;
            } else {
                state = State.CHUNK_DATA;
                remaining = size;
            }
        } catch (NumberFormatException e) {
            state = State.PASS_THROUGH;
        }
    }

    /** The declared length, or -2 when unreadable (the decoder refuses the request; it is not followed). */
    private static long parseLength(String value) {
        boolean digits = !value.isEmpty() && value.length() <= 18;
        for (int i = 0; digits && i < value.length(); i++) {
            digits = value.charAt(i) >= '0' && value.charAt(i) <= '9';
        }
        return digits ? Long.parseLong(value) : -2;
    }

    /** Answers with raw bytes ahead of the codec, which has no request (nor method or path) to pair it with. */
    private void reject(ChannelHandlerContext ctx) {
        state = State.REJECTED;
        NettyAnswerWriter.record(log, OBS_FOLD, null, null, 0);
        ctx.writeAndFlush(NettyAnswerWriter.rawBytes(OBS_FOLD)).addListener(ChannelFutureListener.CLOSE);
    }
}
