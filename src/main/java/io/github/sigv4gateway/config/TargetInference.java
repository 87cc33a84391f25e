package io.github.sigv4gateway.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Signing region and name read off well-known AWS host names, so the usual case needs no extra keys. */
public final class TargetInference {

    private static final Pattern LAMBDA_URL = Pattern.compile("^[a-z0-9]+\\.lambda-url\\.([a-z0-9-]+)\\.on\\.aws$");
    private static final Pattern EXECUTE_API =
            Pattern.compile("^[a-z0-9]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?$");
    private static final Pattern LAMBDA_API = Pattern.compile("^lambda\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?$");

    private TargetInference() {}

    /** What a host name tells about signing. */
    public record Inferred(String region, String service) {}

    /** Infers region and service from {@code host}, if it is a function URL, API Gateway or Lambda API host. */
    public static Optional<Inferred> fromHost(String host) {
        String lower = host.toLowerCase(java.util.Locale.ROOT);
        Matcher m = LAMBDA_URL.matcher(lower);
        if (m.matches()) {
            return Optional.of(new Inferred(m.group(1), "lambda"));
        }
        m = EXECUTE_API.matcher(lower);
        if (m.matches()) {
            return Optional.of(new Inferred(m.group(1), "execute-api"));
        }
        m = LAMBDA_API.matcher(lower);
        if (m.matches()) {
            return Optional.of(new Inferred(m.group(1), "lambda"));
        }
        return Optional.empty();
    }
}
