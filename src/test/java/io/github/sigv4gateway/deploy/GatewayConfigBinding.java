package io.github.sigv4gateway.deploy;

import io.github.sigv4gateway.config.GatewayConfigurationValidator;
import io.github.sigv4gateway.config.GatewayProperties;
import io.github.sigv4gateway.config.GatewayPropertiesBinding;
import io.github.sigv4gateway.config.GatewayRoute;
import io.github.sigv4gateway.config.InvalidConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * Loads configuration the way the gateway does (Spring's YAML loader, relaxed binding, Boot's conversions) and runs
 * the gateway's own startup check on it, so a deployment file is proven to start the gateway, not just to parse.
 */
final class GatewayConfigBinding {

    private final StandardEnvironment environment = new StandardEnvironment();
    private final Binder binder;

    private GatewayConfigBinding(List<PropertySource<?>> sources) {
        MutablePropertySources own = environment.getPropertySources();
        own.forEach(source -> own.remove(source.getName()));
        sources.forEach(own::addLast);
        this.binder = new Binder(
                ConfigurationPropertySources.from(sources), null, ApplicationConversionService.getSharedInstance());
    }

    /** From an application.yaml's text. */
    static GatewayConfigBinding ofYaml(String yaml) {
        try {
            return new GatewayConfigBinding(new YamlPropertySourceLoader()
                    .load("rendered", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From environment variables (SIGV4GATEWAY_TARGET=...), as a container or compose file sets them. */
    static GatewayConfigBinding ofEnvironment(Map<String, String> environment) {
        Map<String, Object> values = Map.copyOf(environment);
        return new GatewayConfigBinding(List.of(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, values)));
    }

    /** Any other key, e.g. {@code server.port}. */
    <T> Optional<T> get(String key, Class<T> type) {
        return binder.bind(key, type).map(Optional::of).orElseGet(Optional::empty);
    }

    /** Bound as the gateway binds them before it starts: an unreadable value or unknown key fails here too. */
    GatewayProperties properties() {
        GatewayPropertiesBinding.Result bound = GatewayPropertiesBinding.bind(environment);
        if (!bound.problems().isEmpty()) {
            throw new InvalidConfigurationException(bound.problems());
        }
        return bound.properties();
    }

    /** The gateway's startup check; throws InvalidConfigurationException listing every problem. */
    List<GatewayRoute> check(Map<String, String> processEnvironment) {
        return GatewayConfigurationValidator.validate(properties(), processEnvironment, Optional::empty);
    }
}
