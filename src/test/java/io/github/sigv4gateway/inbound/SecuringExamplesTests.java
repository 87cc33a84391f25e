package io.github.sigv4gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.config.ConfigProblem;
import io.github.sigv4gateway.config.GatewayConfigurationValidator;
import io.github.sigv4gateway.config.GatewayPropertiesBinding;
import io.github.sigv4gateway.config.InvalidConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

/**
 * The examples of the README's "Securing the gateway" and of docs/securing.md, as written: every key binds, and the
 * gateway's own check finds nothing wrong with them but the files, which do not exist here.
 */
class SecuringExamplesTests {

    private static final Pattern YAML = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);

    @Test
    void readmeExamples_oneDocumentPerMode_allValid() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(
                readme.indexOf("## Securing the gateway"), readme.indexOf("## Errors the gateway answers itself"));
        List<String> blocks = blocks(section);
        assertThat(blocks).hasSize(1);

        List<PropertySource<?>> documents = load(blocks.getFirst());

        assertThat(documents).hasSize(5);
        documents.forEach(SecuringExamplesTests::assertValidButForFiles);
    }

    @Test
    void securingDocExamples_allValid() throws IOException {
        List<String> gatewayBlocks = blocks(Files.readString(Path.of("docs/securing.md"))).stream()
                .filter(block -> block.startsWith("sigv4-gateway:"))
                .toList();

        assertThat(gatewayBlocks).hasSize(5);
        for (String block : gatewayBlocks) {
            load(block).forEach(SecuringExamplesTests::assertValidButForFiles);
        }
    }

    @Test
    void readmeHttpsExample_becomesAReloadedTls12PlusBundle() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        StandardEnvironment environment =
                environment(load(blocks(readme.substring(readme.indexOf("## Securing the gateway")))
                                .getFirst())
                        .getFirst());

        new ProxyTlsEnvironment().postProcessEnvironment(environment, new SpringApplication());

        String pem = "spring.ssl.bundle.pem." + ProxyTlsEnvironment.BUNDLE;
        assertThat(environment.getProperty(pem + ".keystore.certificate")).isEqualTo("file:/etc/tls/tls.crt");
        assertThat(environment.getProperty(pem + ".reload-on-update")).isEqualTo("true");
    }

    private static void assertValidButForFiles(PropertySource<?> document) {
        StandardEnvironment environment = environment(document);
        GatewayPropertiesBinding.Result bound = GatewayPropertiesBinding.bind(environment);
        assertThat(bound.problems()).as(document.getName()).isEmpty();
        List<ConfigProblem> problems = new ArrayList<>();
        try {
            GatewayConfigurationValidator.validate(bound.properties(), Map.of(), () -> Optional.of("us-east-1"));
        } catch (InvalidConfigurationException e) {
            problems.addAll(e.problems());
        }
        assertThat(problems)
                .as(document.getName())
                .allSatisfy(problem -> assertThat(problem.reason()).isEqualTo("no such file"));
    }

    private static StandardEnvironment environment(PropertySource<?> document) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(document);
        if (!environment.containsProperty("sigv4-gateway.target")) {
            environment
                    .getPropertySources()
                    .addLast(new org.springframework.core.env.MapPropertySource(
                            "target", Map.of("sigv4-gateway.target", "https://abc.lambda-url.us-east-1.on.aws")));
        }
        return environment;
    }

    private static List<String> blocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher matcher = YAML.matcher(markdown);
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }

    private static List<PropertySource<?>> load(String yaml) throws IOException {
        return new YamlPropertySourceLoader()
                .load("example", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
    }
}
