package io.github.sigv4gateway.signing;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * A buffered request body as the signer's payload: read in place from views of the buffer's memory (one per
 * component of a composite buffer), never copied. Each {@link #newStream()} starts again from the first byte.
 */
public final class PayloadBuffers implements ContentStreamProvider {

    private final List<ByteBuffer> views;

    /** @param views the body's readable bytes, in order; their positions are never moved */
    public PayloadBuffers(List<ByteBuffer> views) {
        this.views = views;
    }

    @Override
    public InputStream newStream() {
        return new Stream(views);
    }

    @Override
    public String name() {
        return "PayloadBuffers";
    }

    private static final class Stream extends InputStream {

        private final List<ByteBuffer> views;
        private int index = -1;
        private ByteBuffer current = ByteBuffer.allocate(0);

        Stream(List<ByteBuffer> views) {
            this.views = views;
        }

        @Override
        public int read() {
            return advance() ? current.get() & 0xFF : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (!advance()) {
                return -1;
            }
            int n = Math.min(length, current.remaining());
            current.get(into, offset, n);
            return n;
        }

        @Override
        public int available() {
            return current.remaining();
        }

        /** Moves to the next view with bytes left; false at the end. */
        private boolean advance() {
            while (!current.hasRemaining()) {
                if (++index >= views.size()) {
                    return false;
                }
                current = views.get(index).duplicate();
            }
            return true;
        }
    }
}
