package io.github.sigv4gateway.observability;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one answered request: one access-log line and one request-meter sample (and a rejection count when the
 * gateway answered itself), wherever the answer was made, routed exchanges and the Netty guards ahead of routing
 * alike, so every answer is counted. The line holds route, method, path without query, status, duration, bytes and
 * the client (a key's name, a certificate's identity, never a key or token); never a header, so never a credential. What is not known (no route matched, a head that never completed) is
 * logged as {@code -}.
 */
public final class RequestLog {

    /** Logged for a value not known: no route, or no method or path in a head that never completed. */
    public static final String UNKNOWN = "-";

    private static final Logger accessLog = LoggerFactory.getLogger(AccessLogAppender.LOGGER);

    private final GatewayMeters meters;

    public RequestLog(GatewayMeters meters) {
        this.meters = meters;
    }

    /** An answer made before routing: nobody was authenticated, the client is not known. */
    public void record(
            @Nullable String routeId,
            @Nullable String method,
            @Nullable String path,
            int status,
            long nanos,
            long bytesIn,
            long bytesOut,
            @Nullable String rejection) {
        record(routeId, null, null, method, path, status, nanos, bytesIn, bytesOut, rejection);
    }

    /**
     * @param client who the client is (a key name, a certificate's identity, {@code anonymous}), or {@code null}
     *     when not known
     * @param clientTag the bounded value of the request meter's {@code client} tag, or {@code null} when not known
     * @param rejection the reason when the gateway answered itself, else {@code null}
     */
    public void record(
            @Nullable String routeId,
            @Nullable String client,
            @Nullable String clientTag,
            @Nullable String method,
            @Nullable String path,
            int status,
            long nanos,
            long bytesIn,
            long bytesOut,
            @Nullable String rejection) {
        meters.request(routeId, method == null ? UNKNOWN : method, status, clientTag, nanos);
        if (rejection != null) {
            meters.rejection(routeId, rejection);
        }
        if (accessLog.isInfoEnabled()) {
            accessLog.info(
                    "route={} method={} path={} status={} duration_ms={} bytes_in={} bytes_out={} client={}",
                    routeId == null ? UNKNOWN : routeId,
                    method == null ? UNKNOWN : method,
                    path == null ? UNKNOWN : path,
                    status,
                    nanos / 1_000_000,
                    bytesIn,
                    bytesOut,
                    client == null ? UNKNOWN : client);
        }
    }
}
