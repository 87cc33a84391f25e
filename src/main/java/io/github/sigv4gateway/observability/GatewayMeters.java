package io.github.sigv4gateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * The gateway's meters. Names are lower-case and dotted, tags bounded: route ids come from configuration (or
 * {@code none} when no route matched), methods and statuses from small fixed sets. Request and signing timers are
 * cached by their tag values, so the hot path neither builds meter ids nor sorts tags per request.
 */
public final class GatewayMeters {

    static final String REQUESTS = "sigv4.gateway.requests";
    static final String SIGNING = "sigv4.gateway.signing";
    static final String REJECTIONS = "sigv4.gateway.rejections";
    static final String BODY_MEMORY_HELD = "sigv4.gateway.body.memory.held";
    static final String BODY_MEMORY_LIMIT = "sigv4.gateway.body.memory.limit";
    static final String RETRIES = "sigv4.gateway.upstream.retries";
    static final String CLOCK_SKEW = "sigv4.gateway.clock.skew";
    static final String NO_ROUTE = "none";
    private static final java.util.Set<String> KNOWN_METHODS =
            java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> signingTimers = new ConcurrentHashMap<>();
    private final ConcurrentMap<RequestTags, Timer> requestTimers = new ConcurrentHashMap<>();

    /** The tag values of one request timer; all bounded (see the class comment). */
    private record RequestTags(String route, String method, int status, String client) {}

    public GatewayMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records which route serves the exchange, for the access log and the request meter. */
    public static void tagRoute(ServerWebExchange exchange, String routeId) {
        RequestRecord record = RequestRecord.of(exchange);
        if (record != null) {
            record.routeId(routeId);
        }
    }

    /** Time spent signing one request on {@code routeId}. */
    public void signingTime(String routeId, long nanos) {
        signingTimers
                .computeIfAbsent(
                        routeId,
                        id -> Timer.builder(SIGNING)
                                .description("Time to compute the SigV4 signature of a request, body hash included")
                                .tag("route", id)
                                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One request the gateway answered itself, by reason. */
    public void rejection(@Nullable String routeId, String reason) {
        Counter.builder(REJECTIONS)
                .description("Requests the gateway answered itself instead of forwarding, by reason")
                .tag("route", routeId == null ? NO_ROUTE : routeId)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /**
     * One request the gateway would send to the function again, by reason: {@code sent}, or {@code budget-exhausted}
     * when the route's retry budget refused it.
     */
    public void retry(String routeId, String reason, boolean sent) {
        Counter.builder(RETRIES)
                .description("Requests sent to the function again (re-signed), or refused by the retry budget")
                .tag("route", routeId)
                .tag("reason", reason)
                .tag("outcome", sent ? "sent" : "budget-exhausted")
                .register(registry)
                .increment();
    }

    /** The offset between AWS's clock and the local one that signing uses, in seconds. */
    public void clockSkew(Supplier<Duration> offset) {
        Gauge.builder(CLOCK_SKEW, () -> offset.get().toMillis() / 1000.0)
                .description("Offset added to the local clock when signing, learned from AWS's Date on a refusal")
                .baseUnit("seconds")
                .register(registry);
    }

    /**
     * One completed request.
     *
     * @param client the bounded client tag: the allow entry that let the client in, {@code anonymous} on an open
     *     route, {@code refused}; {@code null} (tagged {@code none}) when the answer came before routing
     */
    public void request(@Nullable String routeId, String method, int status, @Nullable String client, long nanos) {
        RequestTags tags = new RequestTags(
                routeId == null ? NO_ROUTE : routeId,
                KNOWN_METHODS.contains(method) ? method : "OTHER",
                status,
                client == null ? NO_ROUTE : client);
        requestTimers.computeIfAbsent(tags, this::requestTimer).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer requestTimer(RequestTags tags) {
        return Timer.builder(REQUESTS)
                .description("Requests through the proxy port, by route, method, status and allowed client")
                .tag("route", tags.route())
                .tag("method", tags.method())
                .tag("status", String.valueOf(tags.status()))
                .tag("outcome", outcome(tags.status()))
                .tag("client", tags.client())
                .register(registry);
    }

    /** Bytes of request bodies held for hashing now, and the most they may take together. */
    public void bodyMemory(LongSupplier heldBytes, long limitBytes) {
        Gauge.builder(BODY_MEMORY_HELD, () -> (double) heldBytes.getAsLong())
                .description("Bytes of request bodies the gateway holds to hash them, all routes together")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder(BODY_MEMORY_LIMIT, () -> (double) limitBytes)
                .description("Bytes of request bodies the gateway may hold at once (max-buffered-body-memory)")
                .baseUnit("bytes")
                .register(registry);
    }

    private static String outcome(int status) {
        if (status == ObservedHttpHandler.CLIENT_CLOSED_REQUEST) {
            return "client_closed";
        }
        if (status >= 500) {
            return "server_error";
        }
        if (status >= 400) {
            return "client_error";
        }
        return status >= 300 ? "redirection" : "success";
    }
}
