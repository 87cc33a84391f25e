package io.github.sigv4gateway.config;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Every key the {@code sigv4-gateway} properties take, read off {@link GatewayProperties} itself (so it can never
 * fall behind a new property), and the valid key nearest to a mistyped one. List indexes and map keys (route
 * numbers, credentials entry names) are wildcards.
 */
final class ConfigurationKeys {

    private static final String WILDCARD = "*";
    private static final List<List<String>> KNOWN = templates();

    private ConfigurationKeys() {}

    /** The valid key closest to {@code unknown}, spelled with its indexes and entry names, if one is close. */
    static @Nullable String nearest(ConfigurationPropertyName unknown) {
        String spelled = spell(unknown, null);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (List<String> template : KNOWN) {
            if (template.size() != unknown.getNumberOfElements()) {
                continue;
            }
            String candidate = spell(unknown, template);
            int distance = distance(spelled, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        String last = unknown.getLastElement(ConfigurationPropertyName.Form.DASHED);
        return bestDistance <= Math.max(2, last.length() / 2) ? best : null;
    }

    /**
     * Keys written in lower-case kebab form whose dashes differ from the real key's, such as {@code max-bodysize}:
     * relaxed binding would quietly take them for {@code max-body-size}, but written so they are almost always a
     * typo. camelCase and underscore spellings, which Boot documents as relaxed forms, and environment variables
     * are left alone.
     */
    static List<ConfigProblem> misspelled(Environment environment) {
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigurationPropertyName prefix = ConfigurationPropertyName.of(GatewayProperties.PREFIX);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource names)
                    || source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource) {
                continue;
            }
            for (ConfigurationPropertyName name : names) {
                if (!prefix.isAncestorOf(name)) {
                    continue;
                }
                String written = spell(name, null);
                KNOWN.stream()
                        .filter(template -> template.size() == name.getNumberOfElements())
                        .map(template -> spell(name, template))
                        .filter(known -> !known.equals(written)
                                && isKebab(written)
                                && known.replace("-", "").equals(written.replace("-", "")))
                        .findFirst()
                        .ifPresent(known -> problems.add(
                                ConfigProblem.unknownKey(written, "unknown key, did you mean " + known + "?")));
            }
        }
        return problems;
    }

    private static boolean isKebab(String key) {
        return key.equals(key.toLowerCase(java.util.Locale.ROOT)) && key.indexOf('_') < 0;
    }

    /** {@code name} as written, with {@code template}'s element in place of each non-wildcard element. */
    private static String spell(ConfigurationPropertyName name, @Nullable List<String> template) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            String own = name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL);
            String element = template == null || WILDCARD.equals(template.get(i)) ? own : template.get(i);
            if (name.isNumericIndex(i)) {
                out.append('[').append(element).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(element);
            }
        }
        return out.toString();
    }

    private static List<List<String>> templates() {
        List<List<String>> keys = new ArrayList<>();
        collect(
                new ArrayList<>(List.of(GatewayProperties.PREFIX)),
                ResolvableType.forClass(GatewayProperties.class),
                keys);
        return List.copyOf(keys);
    }

    private static void collect(List<String> path, ResolvableType type, List<List<String>> keys) {
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type.resolve(Object.class))) {
            if (property.getReadMethod() == null || "class".equals(property.getName())) {
                continue;
            }
            List<String> key = new ArrayList<>(path);
            key.add(DataObjectName.dashed(property.getName()));
            ResolvableType propertyType = ResolvableType.forMethodReturnType(property.getReadMethod());
            Class<?> raw = propertyType.resolve(Object.class);
            if (List.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)) {
                key.add(WILDCARD);
                propertyType = List.class.isAssignableFrom(raw)
                        ? propertyType.asCollection().getGeneric(0)
                        : propertyType.asMap().getGeneric(1);
                raw = propertyType.resolve(Object.class);
            }
            if (raw.getPackageName().startsWith("io.github.sigv4gateway") && !raw.isEnum()) {
                collect(key, propertyType, keys);
            } else {
                keys.add(List.copyOf(key));
            }
        }
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** Java bean names in the dashed form of configuration keys. */
    private static final class DataObjectName {

        static String dashed(String camel) {
            StringBuilder out = new StringBuilder(camel.length() + 4);
            for (char c : camel.toCharArray()) {
                if (Character.isUpperCase(c)) {
                    out.append('-').append(Character.toLowerCase(c));
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
