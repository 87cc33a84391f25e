package io.github.sigv4gateway.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * The keys every route has: which requests it serves and where it signs them to. Set at the top level of
 * {@code sigv4-gateway} for the single {@code /**} route, or in an entry of {@code sigv4-gateway.routes}.
 */
public class RouteSettings {

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
}
