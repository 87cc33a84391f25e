package io.github.sigv4gateway.testsupport;

import io.github.sigv4gateway.Sigv4GatewayApplication;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole gateway, started in-process on ephemeral proxy and management ports, for real-socket tests. */
public final class RunningGateway implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningGateway(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts the gateway with {@code args} ({@code --key=value}) added to ephemeral ports. */
    public static RunningGateway start(String... args) {
        return startWith(List.of(), args);
    }

    /** As {@link #start}, with test configuration classes added to the application's sources. */
    public static RunningGateway startWith(List<Class<?>> extraSources, String... args) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
                "--spring.main.banner-mode=off"));
        all.addAll(List.of(args));
        return new RunningGateway(new SpringApplicationBuilder(Sigv4GatewayApplication.class)
                .sources(extraSources.toArray(Class<?>[]::new))
                .run(all.toArray(String[]::new)));
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    public int managementPort() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port"));
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort() + path);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
