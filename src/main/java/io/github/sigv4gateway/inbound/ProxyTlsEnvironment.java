package io.github.sigv4gateway.inbound;

import io.github.sigv4gateway.config.GatewayProperties;
import io.github.sigv4gateway.config.TlsProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code sigv4-gateway.server.tls} into Spring Boot's own SSL keys, so that Boot's Reactor Netty server serves
 * HTTPS from a PEM SSL bundle it reloads when the files change: TLS 1.2 and 1.3 only, the client CA as the bundle's
 * trust material. The management port is left plain HTTP for probes unless {@code management.server.ssl.*} says
 * otherwise.
 *
 * <p>The keys sit in the environment's last property source, so Boot's keys set anywhere else still win. Values that
 * do not bind are left for the configuration check to report.
 */
public class ProxyTlsEnvironment implements EnvironmentPostProcessor, Ordered {

    /** The name of the SSL bundle the proxy port serves. */
    public static final String BUNDLE = "sigv4-gateway-proxy";

    static final String PROPERTY_SOURCE = "sigv4GatewayProxyTls";

    private static final String PEM = "spring.ssl.bundle.pem." + BUNDLE;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        TlsProperties tls;
        try {
            tls = Binder.get(environment)
                    .bind(GatewayProperties.PREFIX + ".server.tls", TlsProperties.class)
                    .orElseGet(TlsProperties::new);
        } catch (BindException invalid) {
            return;
        }
        if (!tls.enabled() || tls.getPrivateKey() == null) {
            return;
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("server.ssl.bundle", BUNDLE);
        keys.put(PEM + ".keystore.certificate", location(tls.getCertificate()));
        keys.put(PEM + ".keystore.private-key", location(tls.getPrivateKey()));
        keys.put(PEM + ".reload-on-update", true);
        keys.put(PEM + ".options.enabled-protocols", "TLSv1.3,TLSv1.2");
        TlsProperties.ClientAuth clientAuth = tls.effectiveClientAuth();
        if (clientAuth != null && tls.getClientCa() != null) {
            keys.put(PEM + ".truststore.certificate", location(tls.getClientCa()));
            keys.put("server.ssl.client-auth", clientAuth.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (!environment.containsProperty("management.server.ssl.enabled")
                && !environment.containsProperty("management.server.ssl.bundle")) {
            // Boot would give the management port the proxy port's SSL too; probes and scrapers stay on plain HTTP.
            keys.put("management.server.ssl.enabled", false);
        }
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, keys));
    }

    /** Boot reads a bare path as a file, and watches files only; {@code file:} is said for clarity. */
    private static String location(String path) {
        return path.startsWith("file:") ? path : "file:" + path;
    }

    /** After the configuration files are loaded. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
