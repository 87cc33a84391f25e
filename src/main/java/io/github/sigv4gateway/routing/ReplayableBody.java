package io.github.sigv4gateway.routing;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBuffer;

/**
 * A buffered request body that can be sent more than once: each attempt gets a view of its own (Netty moves a
 * buffer's read position as it writes, and releases what it wrote), while the filter keeps the bytes, and their
 * place in the {@link BodyMemoryBudget}, until the function's answer starts or the last attempt failed.
 */
final class ReplayableBody {

    private final DataBuffer body;
    private final BodyMemoryBudget.@Nullable Reservation held;

    ReplayableBody(DataBuffer body, BodyMemoryBudget.@Nullable Reservation held) {
        this.body = body;
        this.held = held;
    }

    /** The bytes, for hashing; not to be handed on. */
    DataBuffer bytes() {
        return body;
    }

    /** Whether the client framed a body at all, so that the request leaves with a {@code Content-Length}. */
    int length() {
        return body.readableByteCount();
    }

    /** A view for one attempt, which whoever sends it releases. */
    DataBuffer forAttempt() {
        if (body instanceof NettyDataBuffer netty) {
            return netty.factory().wrap(netty.getNativeBuffer().retainedDuplicate());
        }
        int length = body.readableByteCount();
        ByteBuffer copy = ByteBuffer.allocate(length);
        body.toByteBuffer(body.readPosition(), copy, 0, length);
        return DefaultDataBufferFactory.sharedInstance.wrap(copy);
    }

    /** Gives the bytes back, and their place in the budget. */
    void release() {
        DataBufferUtils.release(body);
        if (held != null) {
            held.release();
        }
    }
}
