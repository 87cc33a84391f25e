package io.github.sigv4gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * The keys every route has: which requests it serves and where it signs them to. Set at the top level of
 * {@code sigv4-gateway} for the single {@code /**} route, or in an entry of {@code sigv4-gateway.routes}.
 */
public class RouteSettings extends RouteAccessSettings {

    /** Route name used in logs, metrics and error answers. */
    private @Nullable String id;

    /** Path pattern served by the route. */
    private String path = "/**";

    /** Function URL (or any SigV4 HTTPS endpoint) the requests are signed for and sent to. */
    private @Nullable String target;

    /** Leading path segments removed before the rest is appended to the target's path. */
    private int stripPrefix;

    /** Signing region; inferred from lambda-url and execute-api hosts, else the SDK region chain. */
    private @Nullable String region;

    /** Signing name; lambda for lambda-url hosts, execute-api for API Gateway hosts, else required. */
    private @Nullable String service;

    /** Largest request body accepted; larger bodies get a 413 answer. */
    private DataSize maxBodySize = DataSize.ofMegabytes(6);

    /** Time allowed to open a connection to the target. */
    private Duration connectTimeout = Duration.ofSeconds(5);

    /** Time allowed for the target to start answering. */
    private Duration responseTimeout = Duration.ofSeconds(60);

    /** Times a request that failed before any answer byte arrived is sent again, re-signed (0 turns retries off). */
    private int retries = RetrySettings.DEFAULT.retries();

    /** Answer statuses sent again too, e.g. 429,503 (honouring Retry-After up to retry-after-max); none by default. */
    private List<Integer> retryOn = new ArrayList<>();

    /** Whether POST and PATCH are sent again after a reset, although the function may already have run. */
    private boolean retryNonIdempotent = RetrySettings.DEFAULT.nonIdempotent();

    /** First wait before a retry; each next one doubles, all jittered. */
    private Duration retryBackoff = RetrySettings.DEFAULT.backoff();

    /** Longest Retry-After honoured on a retry-on status; an answer asking for more reaches the client. */
    private Duration retryAfterMax = RetrySettings.DEFAULT.retryAfterMax();

    /** Retries allowed as a percentage of the route's requests over ten seconds (plus 10 in reserve). */
    private int retryBudget = RetrySettings.DEFAULT.budgetPercent();

    public @Nullable String getId() {
        return id;
    }

    public void setId(@Nullable String id) {
        this.id = id;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public @Nullable String getTarget() {
        return target;
    }

    public void setTarget(@Nullable String target) {
        this.target = target;
    }

    public int getStripPrefix() {
        return stripPrefix;
    }

    public void setStripPrefix(int stripPrefix) {
        this.stripPrefix = stripPrefix;
    }

    public @Nullable String getRegion() {
        return region;
    }

    public void setRegion(@Nullable String region) {
        this.region = region;
    }

    public @Nullable String getService() {
        return service;
    }

    public void setService(@Nullable String service) {
        this.service = service;
    }

    public DataSize getMaxBodySize() {
        return maxBodySize;
    }

    public void setMaxBodySize(DataSize maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getResponseTimeout() {
        return responseTimeout;
    }

    public void setResponseTimeout(Duration responseTimeout) {
        this.responseTimeout = responseTimeout;
    }

    public int getRetries() {
        return retries;
    }

    public void setRetries(int retries) {
        this.retries = retries;
    }

    public List<Integer> getRetryOn() {
        return retryOn;
    }

    public void setRetryOn(List<Integer> retryOn) {
        this.retryOn = retryOn;
    }

    public boolean isRetryNonIdempotent() {
        return retryNonIdempotent;
    }

    public void setRetryNonIdempotent(boolean retryNonIdempotent) {
        this.retryNonIdempotent = retryNonIdempotent;
    }

    public Duration getRetryBackoff() {
        return retryBackoff;
    }

    public void setRetryBackoff(Duration retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    public Duration getRetryAfterMax() {
        return retryAfterMax;
    }

    public void setRetryAfterMax(Duration retryAfterMax) {
        this.retryAfterMax = retryAfterMax;
    }

    public int getRetryBudget() {
        return retryBudget;
    }

    public void setRetryBudget(int retryBudget) {
        this.retryBudget = retryBudget;
    }
}
