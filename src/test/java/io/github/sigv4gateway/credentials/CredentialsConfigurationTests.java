package io.github.sigv4gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.config.CredentialsProperties;
import io.github.sigv4gateway.config.CredentialsType;
import io.github.sigv4gateway.config.GatewayProperties;
import io.github.sigv4gateway.config.GatewayRoute;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The credentials wiring, as Spring Boot tests its auto-configurations: what it creates, and what yields. */
class CredentialsConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(CredentialsConfiguration.class)
            .withBean(GatewayProperties.class, CredentialsConfigurationTests::staticDefaultEntry)
            .withBean("gatewayRoutes", List.class, List::<GatewayRoute>of);

    @Test
    void credentialsConfiguration_staticEntry_loadsItBeforeTheContextIsReady() {
        runner.run(context -> {
            assertThat(context)
                    .hasNotFailed()
                    .hasSingleBean(CredentialsRegistry.class)
                    .hasSingleBean(CredentialsHealthIndicator.class)
                    .hasSingleBean(CredentialsMeters.class);
            assertThat(context.getBean(CredentialsRegistry.class).current("default"))
                    .get()
                    .extracting(identity -> identity.accessKeyId())
                    .isEqualTo("AKIDWIRING");
        });
    }

    @Test
    void credentialsConfiguration_userClock_isUsedInsteadOfTheSystemClock() {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        runner.withBean(Clock.class, () -> fixed)
                .run(context -> assertThat(context).getBean(Clock.class).isSameAs(fixed));
    }

    @Test
    void credentialsConfiguration_userProviderFactory_isUsed() {
        CredentialsProviderFactory own = new CredentialsProviderFactory();
        runner.withBean(CredentialsProviderFactory.class, () -> own)
                .run(context -> assertThat(context)
                        .getBean(CredentialsProviderFactory.class)
                        .isSameAs(own));
    }

    @Test
    void credentialsMeters_boundAfterTheFirstFetch_stillCountIt() {
        runner.run(context -> {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            context.getBean(CredentialsMeters.class).bindTo(meters);

            assertThat(meters.get(CredentialsMeters.REFRESHES)
                            .tags("entry", "default", "outcome", "success")
                            .functionCounter()
                            .count())
                    .isEqualTo(1);
            assertThat(meters.get(CredentialsMeters.EXPIRY)
                            .tags("entry", "default")
                            .gauge()
                            .value())
                    .isEqualTo(Double.POSITIVE_INFINITY);
        });
    }

    private static GatewayProperties staticDefaultEntry() {
        CredentialsProperties entry = new CredentialsProperties();
        entry.setType(CredentialsType.STATIC);
        entry.setAccessKeyId("AKIDWIRING");
        entry.setSecretAccessKey("wiring-secret");
        entry.setVerifyIdentity(false);
        GatewayProperties properties = new GatewayProperties();
        properties.getCredentials().put("default", entry);
        return properties;
    }
}
