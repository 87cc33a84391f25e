package io.github.sigv4gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Binds the {@code sigv4-gateway} keys of an environment as the application will, collecting every value that
 * cannot be read (with a one-line hint of what would be) and every key that binds to nothing (with the nearest
 * valid key), instead of stopping at the first. Runs before the application context, so mistakes cost no start.
 */
public final class GatewayPropertiesBinding {

    /**
     * The outcome.
     *
     * @param properties the bound properties, defaults where a value could not be read
     * @param problems every unreadable value and unknown key
     */
    public record Result(GatewayProperties properties, List<ConfigProblem> problems) {}

    private GatewayPropertiesBinding() {}

    public static Result bind(Environment environment) {
        GatewayProperties properties = new GatewayProperties();
        CollectingFailures failures = new CollectingFailures();
        Binder.get(environment).bind(GatewayProperties.PREFIX, Bindable.ofInstance(properties), failures);
        List<ConfigProblem> problems = new ArrayList<>(failures.problems());
        problems.addAll(ConfigurationKeys.misspelled(environment));
        return new Result(properties, problems);
    }

    private static ConfigProblem unknownKey(ConfigurationProperty property) {
        String nearest = ConfigurationKeys.nearest(property.getName());
        String from = switch (property.getOrigin()) {
            case null -> "";
            // Its text repeats the key; the source's name (commandLineArgs, ...) is what tells where it was set.
            case PropertySourceOrigin source ->
                " (from " + source.getPropertySource().getName() + ")";
            case Origin origin -> " (from " + origin + ")";
        };
        return ConfigProblem.unknownKey(
                property.getName().toString(),
                (nearest == null ? "unknown key" : "unknown key, did you mean " + nearest + "?") + from);
    }

    /** What a value of {@code type} looks like, in the README's words. */
    static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "must be one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(constant -> ((Enum<?>) constant)
                                    .name()
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .replace('_', '-'))
                            .collect(Collectors.joining(", "));
        }
        if (DataSize.class.equals(type)) {
            return "a size such as 6MB or 512KB";
        }
        if (Duration.class.equals(type)) {
            return "a duration such as 30s, 5m or 1h";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return "cannot be read as " + type.getSimpleName();
    }

    /**
     * Records every value that cannot be converted (the field keeps its default) and every key that binds to
     * nothing, and goes on binding the rest, so that all of them are reported at once.
     */
    private static final class CollectingFailures extends AbstractBindHandler {

        private final Map<String, ConfigProblem> unreadable = new LinkedHashMap<>();
        private final Map<String, ConfigProblem> unknown = new LinkedHashMap<>();

        CollectingFailures() {
            super(new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
        }

        List<ConfigProblem> problems() {
            List<ConfigProblem> all = new ArrayList<>(unreadable.values());
            unknown.forEach((key, problem) -> {
                if (!unreadable.containsKey(key)) {
                    all.add(problem);
                }
            });
            return all;
        }

        @Override
        public @Nullable Object onFailure(
                ConfigurationPropertyName name, Bindable<?> target, BindContext context, Exception error)
                throws Exception {
            if (error instanceof UnboundConfigurationPropertiesException unbound) {
                // From a list's elements while binding, and from the whole prefix at the end.
                unbound.getUnboundProperties()
                        .forEach(property ->
                                unknown.putIfAbsent(property.getName().toString(), unknownKey(property)));
                return null;
            }
            ConfigurationProperty property = context.getConfigurationProperty();
            if (property == null) {
                return super.onFailure(name, target, context, error);
            }
            Object value = property.getValue();
            unreadable.put(
                    name.toString(),
                    new ConfigProblem(
                            name.toString(),
                            value == null ? null : value.toString(),
                            expected(target.getType().resolve(Object.class))));
            return null;
        }
    }
}
