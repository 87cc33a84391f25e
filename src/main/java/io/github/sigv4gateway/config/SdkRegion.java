package io.github.sigv4gateway.config;

import java.util.Optional;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** The AWS SDK's region chain (AWS_REGION, profile, instance metadata), for routes whose host names none. */
public final class SdkRegion {

    private SdkRegion() {}

    /** The chain's region, or empty when none of its sources has one. */
    public static Optional<String> fromChain() {
        try {
            return Optional.of(
                    DefaultAwsRegionProviderChain.builder().build().getRegion().id());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
