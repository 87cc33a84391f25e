package io.github.sigv4gateway;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The README's first command ({@code ./mvnw spring-boot:test-run}): a local function-URL emulator that enforces
 * {@code AWS_IAM} on port 9000, and the gateway on 8080 signing for it with a demo key. Requests under
 * {@code /denied/} are signed with a key the emulator does not know, to show AWS's 403. No AWS account, no Docker.
 * Extra {@code --key=value} arguments go to the gateway.
 */
public final class QuickStart {

    static final String DEMO_KEY = "AKIDQUICKSTARTDEMO";
    static final String DEMO_SECRET = "quick-start-demo-secret";
    static final String DEMO_USER = "arn:aws:iam::123456789012:user/demo";

    private QuickStart() {}

    public static void main(String[] args) {
        // As the jar's main does, so the quick start runs with the same event loops and buffers.
        SigV4GatewayApplication.applyNettyDefaults();
        start(Integer.getInteger("emulator.port", 9000), args);
    }

    /** Starts the emulator on {@code emulatorPort} and the gateway; closing the context stops both. */
    static ConfigurableApplicationContext start(int emulatorPort, String... args) {
        FunctionUrlEmulator emulator = FunctionUrlEmulator.builder()
                .port(emulatorPort)
                .credentials(new CredentialStore().add(DEMO_KEY, DEMO_SECRET, DEMO_USER))
                .start();
        try {
            ConfigurableApplicationContext context = SpringApplication.run(
                    SigV4GatewayApplication.class, arguments(emulator.baseUri().toString(), args));
            context.addApplicationListener((ContextClosedEvent event) -> emulator.close());
            return context;
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    static String[] arguments(String emulatorUri, String... extra) {
        List<String> all = new ArrayList<>(List.of(
                "--sigv4-gateway.target=" + emulatorUri,
                "--sigv4-gateway.region=us-east-1",
                "--sigv4-gateway.service=lambda",
                "--sigv4-gateway.credentials.default.type=static",
                "--sigv4-gateway.credentials.default.access-key-id=" + DEMO_KEY,
                "--sigv4-gateway.credentials.default.secret-access-key=" + DEMO_SECRET,
                // No AWS account here: the emulator is no STS to ask who the demo keys belong to.
                "--sigv4-gateway.credentials.default.verify-identity=false",
                "--sigv4-gateway.routes[0].id=denied",
                "--sigv4-gateway.routes[0].path=/denied/**",
                "--sigv4-gateway.routes[0].strip-prefix=1",
                "--sigv4-gateway.routes[0].target=" + emulatorUri,
                "--sigv4-gateway.routes[0].region=us-east-1",
                "--sigv4-gateway.routes[0].service=lambda",
                "--sigv4-gateway.routes[0].credentials=unknown-user",
                "--sigv4-gateway.credentials.unknown-user.type=static",
                "--sigv4-gateway.credentials.unknown-user.access-key-id=AKIDNOTALLOWED",
                "--sigv4-gateway.credentials.unknown-user.secret-access-key=not-a-known-secret",
                "--sigv4-gateway.credentials.unknown-user.verify-identity=false"));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }
}
