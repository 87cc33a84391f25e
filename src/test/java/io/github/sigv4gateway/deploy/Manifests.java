package io.github.sigv4gateway.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/** The Kubernetes objects of one {@code helm template} output, with the few lookups the chart tests need. */
final class Manifests {

    private final List<Map<String, Object>> objects = new ArrayList<>();

    Manifests(String rendered) {
        for (Object document : new Yaml().loadAll(rendered)) {
            if (document instanceof Map<?, ?> map) {
                objects.add(cast(map));
            }
        }
    }

    List<Map<String, Object>> all() {
        return objects;
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind) {
        List<Map<String, Object>> found = ofKind(kind);
        if (found.size() > 1) {
            throw new AssertionError("more than one " + kind + ": " + found);
        }
        return found.stream().findFirst();
    }

    Map<String, Object> one(String kind) {
        return find(kind)
                .orElseThrow(() -> new AssertionError("no " + kind + " rendered; kinds: "
                        + objects.stream().map(o -> o.get("kind")).toList()));
    }

    /** The gateway's application.yaml, as its ConfigMap carries it (the dashboard's is another ConfigMap). */
    String gatewayConfig() {
        List<String> configs = ofKind("ConfigMap").stream()
                .map(c -> map(c, "data").get("application.yaml"))
                .filter(Objects::nonNull)
                .map(String.class::cast)
                .toList();
        if (configs.size() != 1) {
            throw new AssertionError(configs.size() + " ConfigMaps carry an application.yaml");
        }
        return configs.getFirst();
    }

    /** The pod spec of the (single) Deployment. */
    Map<String, Object> podSpec() {
        return map(map(map(one("Deployment"), "spec"), "template"), "spec");
    }

    /** The container named {@code name}, among containers and init containers. */
    static Map<String, Object> container(Map<String, Object> podSpec, String name) {
        List<Map<String, Object>> all = new ArrayList<>(list(podSpec, "containers"));
        all.addAll(list(podSpec, "initContainers"));
        return all.stream()
                .filter(c -> name.equals(c.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name + " in " + podSpec));
    }

    /** {@code containerPort} of the port named {@code name} in {@code container}. */
    static int port(Map<String, Object> container, String name) {
        return list(container, "ports").stream()
                .filter(p -> name.equals(p.get("name")))
                .map(p -> (Integer) p.get("containerPort"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no port " + name + " in " + container.get("ports")));
    }

    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = Objects.requireNonNull(parent.get(key), () -> "missing " + key + " in " + parent);
        return cast((Map<?, ?>) value);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    /** Follows {@code path} (keys separated by dots) through nested maps; null where it ends early. */
    static Object at(Map<String, Object> root, String path) {
        Object current = root;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
