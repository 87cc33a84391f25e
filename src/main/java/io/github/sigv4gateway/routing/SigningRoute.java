package io.github.sigv4gateway.routing;

import io.github.sigv4gateway.signing.SigningScope;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * What the SigV4 filter needs to know about its route.
 *
 * @param id route id, for errors and metrics
 * @param scope signing region and name
 * @param credentials credentials entry name
 * @param maxBodySize largest body accepted, bytes
 * @param target the base URL to send to, or {@code null} to sign whatever URL the route computed (SCG routes)
 * @param stripPrefix leading path segments removed before appending to the target's path
 */
public record SigningRoute(
        String id,
        SigningScope scope,
        String credentials,
        long maxBodySize,
        @Nullable URI target,
        int stripPrefix) {}
