package io.github.sigv4gateway.observability;

import org.jspecify.annotations.Nullable;

/**
 * What is known about one request while it is in flight: filled in by the gateway (route id) and by the
 * response decorator (bytes), read once when the response completes for the access log and the request meter.
 */
public final class RequestRecord {

    /** Key under which the record sits in the request and exchange attributes. */
    public static final String ATTRIBUTE = RequestRecord.class.getName();

    final long startNanos = System.nanoTime();
    volatile @Nullable String routeId;
    volatile @Nullable String rejection;
    volatile long bytesIn;
    volatile long bytesOut;
    volatile boolean clientLeft;
    volatile @Nullable String client;
    volatile @Nullable String clientTag;

    public void routeId(String routeId) {
        this.routeId = routeId;
    }

    public @Nullable String routeId() {
        return routeId;
    }

    /**
     * Who the client is, for the access log (a key name, a certificate's identity, or anonymous), and the bounded
     * value the request meter is tagged with (the allow entry that let it in, anonymous, or refused).
     */
    public void client(String identity, String meterTag) {
        this.client = identity;
        this.clientTag = meterTag;
    }

    /** Request body bytes read so far (the whole body once it has been buffered for signing). */
    void addBytesIn(long bytes) {
        this.bytesIn += bytes;
    }

    /** The record of {@code exchange}, wherever the handler decorator left it. */
    public static @Nullable RequestRecord of(org.springframework.web.server.ServerWebExchange exchange) {
        RequestRecord record = exchange.getAttribute(ATTRIBUTE);
        if (record == null) {
            record = (RequestRecord) exchange.getRequest().getAttributes().get(ATTRIBUTE);
            if (record != null) {
                exchange.getAttributes().put(ATTRIBUTE, record);
            }
        }
        return record;
    }

    /** Marks the request as one whose client closed its connection before any answer could be sent. */
    public void clientLeft() {
        this.clientLeft = true;
    }

    /** Marks the request as answered by the gateway itself, with the reason. */
    public void rejected(String reason) {
        this.rejection = reason;
    }
}
