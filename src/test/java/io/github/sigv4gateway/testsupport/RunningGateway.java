package io.github.sigv4gateway.testsupport;

import io.github.sigv4gateway.SigV4GatewayApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

    /**
     * The gateway with its top-level route to {@code target} (region us-east-1, service lambda) signed with a static
     * key, as most real-socket tests need it, plus {@code more} arguments.
     */
    public static RunningGateway signingFor(URI target, String keyId, String secret, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--sigv4-gateway.target=" + target,
                "--sigv4-gateway.region=us-east-1",
                "--sigv4-gateway.service=lambda",
                "--sigv4-gateway.credentials.default.type=static",
                "--sigv4-gateway.credentials.default.access-key-id=" + keyId,
                "--sigv4-gateway.credentials.default.secret-access-key=" + secret));
        args.addAll(List.of(more));
        return start(args.toArray(String[]::new));
    }

    /** As {@link #start}, with test configuration classes added to the application's sources. */
    public static RunningGateway startWith(List<Class<?>> extraSources, String... args) {
        List<String> all = new ArrayList<>(
                List.of("--server.port=0", "--management.server.port=0", "--spring.main.banner-mode=off"));
        all.addAll(List.of(args));
        return new RunningGateway(new SpringApplicationBuilder(SigV4GatewayApplication.class)
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

    /**
     * GET on the management port as a probe or a scraper makes it: a connection of its own and a 10 s timeout.
     * Two test runs out of many saw a management request on a long-pooled keep-alive connection go unanswered
     * (its bytes left unread in the server's socket), which without a timeout hung the build.
     */
    public HttpResponse<String> management(String path) {
        try (HttpClient fresh = HttpClient.newHttpClient()) {
            return fresh.send(
                    HttpRequest.newBuilder(managementUri(path))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
