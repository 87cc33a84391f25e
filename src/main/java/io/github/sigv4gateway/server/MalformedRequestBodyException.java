package io.github.sigv4gateway.server;

import io.netty.handler.codec.DecoderException;

/**
 * A request body that Netty's HTTP decoder could not read, such as a malformed chunk size. It fails the body that
 * the signing filter is reading, so the request is answered with 400 and never forwarded. The decoder's own message
 * is kept as the cause only: it may quote the client's bytes.
 */
public final class MalformedRequestBodyException extends DecoderException {

    private static final long serialVersionUID = 1L;

    MalformedRequestBodyException(Throwable cause) {
        super("request body is malformed: its chunked framing or trailers cannot be read", cause);
    }
}
