package io.github.sigv4gateway.deploy;

import static io.github.sigv4gateway.deploy.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.sigv4gateway.config.GatewayRoute;
import io.github.sigv4gateway.testsupport.LocalStackImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be checked of the container deployment without a Docker engine: the compose file parses, pins its
 * images and configures a gateway that starts; the Dockerfile pins its bases, runs as a non-root user and starts
 * the jar layout the build makes; every place that names a port agrees with the application's defaults.
 */
class DeploymentFilesIntegrationTests {

    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final Path INIT_SCRIPT = Path.of("deploy/localstack/init/ready.d/10-function-url.sh");

    private final Dockerfile dockerfile = Dockerfile.read(Path.of("Dockerfile"));
    private final Map<String, Object> compose = yaml(COMPOSE);
    private final GatewayConfigBinding defaults =
            GatewayConfigBinding.ofYaml(read(Path.of("src/main/resources/application.yaml")));

    @Test
    void compose_pinsEveryPulledImage_andLocalStackMatchesTheTestcontainersTag() {
        Map<String, Object> services = Manifests.map(compose, "services");
        assertThat(services).containsKeys("localstack", "sigv4-gateway");
        services.forEach((name, service) -> {
            Map<?, ?> definition = (Map<?, ?>) service;
            if (!definition.containsKey("build")) {
                assertThat((String) definition.get("image")).as(name).matches(Dockerfile.PINNED_IMAGE);
            }
        });
        assertThat(at(compose, "services.localstack.image")).isEqualTo(LocalStackImage.PINNED);
    }

    @Test
    void compose_configuresAGatewayThatPassesItsStartupCheck_towardsTheLocalStackFunctionUrl() {
        Map<String, String> environment = new LinkedHashMap<>();
        ((Map<?, ?>) at(compose, "services.sigv4-gateway.environment"))
                .forEach((k, v) -> environment.put(String.valueOf(k), String.valueOf(v)));
        List<GatewayRoute> routes =
                GatewayConfigBinding.ofEnvironment(environment).check(Map.of());

        assertThat(routes).singleElement().satisfies(route -> {
            assertThat(route.region()).isEqualTo("us-east-1");
            assertThat(route.service()).isEqualTo("lambda");
            assertThat(at(compose, "services.localstack.networks.default.aliases"))
                    .as("the target's host resolves to LocalStack inside the compose network")
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                    .contains(route.target().getHost());
        });
        assertThat(at(compose, "services.sigv4-gateway.read_only")).isEqualTo(true);
        assertThat(at(compose, "services.sigv4-gateway.depends_on.localstack.condition"))
                .isEqualTo("service_healthy");
    }

    @Test
    void initScript_createsTheFunctionUrlTheGatewayTargets_withIamAuth() {
        String script = read(INIT_SCRIPT);
        assertThat(Files.isExecutable(INIT_SCRIPT))
                .as("LocalStack runs only executable init scripts")
                .isTrue();
        assertThat(script)
                .contains("create-function-url-config --function-name hello --auth-type AWS_IAM")
                .contains("_custom_id_=hello")
                .contains("Hello from lambda!");
        assertThat(String.valueOf(at(compose, "services.sigv4-gateway.environment.SIGV4GATEWAY_TARGET")))
                .startsWith("http://hello.lambda-url.us-east-1.");
        assertThat((List<?>) at(compose, "services.localstack.volumes"))
                .anySatisfy(volume -> assertThat(String.valueOf(volume))
                        .startsWith("./" + INIT_SCRIPT.getParent() + ":/etc/localstack/init/ready.d"));
    }

    @Test
    void everyPortNamedAnywhere_agreesWithTheApplicationDefaults() {
        int proxy = defaults.get("server.port", Integer.class).orElseThrow();
        int management = defaults.get("management.server.port", Integer.class).orElseThrow();
        assertThat(dockerfile.exposed()).containsExactlyInAnyOrder(proxy, management);
        assertThat(dockerfile.healthcheck())
                .contains("/dev/tcp/127.0.0.1/" + management)
                .contains("/actuator/health/readiness");
        assertThat((List<?>) at(compose, "services.sigv4-gateway.ports"))
                .map(String::valueOf)
                .containsExactlyInAnyOrder(proxy + ":" + proxy, management + ":" + management);
        Map<String, Object> chartValues = yaml(HelmChartIntegrationTests.CHART.resolve("values.yaml"));
        assertThat(at(chartValues, "ports.proxy")).isEqualTo(proxy);
        assertThat(at(chartValues, "ports.management")).isEqualTo(management);
        assertThat(at(chartValues, "service.port")).isEqualTo(proxy);
    }

    @Test
    void dockerfile_pinsItsBases_andRunsAsANonRootUser() {
        assertThat(dockerfile.baseImages())
                .hasSize(2)
                .allSatisfy(image ->
                        assertThat(image).matches(Dockerfile.PINNED_IMAGE).startsWith("eclipse-temurin:25"));
        assertThat(dockerfile.baseImages().getLast()).as("runs on a JRE").contains("-jre");
        String user = dockerfile.user();
        assertThat(user).matches("\\d+(:\\d+)?");
        assertThat(Integer.parseInt(user.split(":")[0])).as("uid").isPositive();
        assertThat(dockerfile.volumes()).containsExactly("/tmp");
        assertThat(dockerfile.env())
                .containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")
                .hasEntrySatisfying(
                        "JAVA_TOOL_OPTIONS", flags -> assertThat(flags).contains("MaxRAMPercentage"));
    }

    @Test
    void dockerfile_startsTheExtractedJar_withTheAotCacheItTrained() {
        String jar = dockerfile.extractDestination() + "/" + Dockerfile.finalName(Path.of("pom.xml")) + ".jar";
        List<String> entrypoint = dockerfile.entrypoint();
        assertThat(entrypoint.getFirst()).isEqualTo("java");
        assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size())).containsExactly("-jar", jar);
        assertThat(dockerfile.aotCacheTrainedFor())
                .as("the training run's jar must be the one started")
                .isEqualTo(jar);
        assertThat(entrypoint).contains("-XX:AOTCache=" + dockerfile.aotCacheOutput());
        // The training run's traffic comes from a program in the build context; the packaged IT runs the same one.
        String driver = dockerfile.aotTrainingDriver();
        String workdir = dockerfile.buildWorkdir() + "/";
        assertThat(driver).startsWith(workdir);
        String source = driver.substring(workdir.length());
        assertThat(Path.of(source)).as("the training driver in this checkout").isRegularFile();
        assertThat(dockerfile.copiedSources()).as("copied into the build stage").contains(source.split("/")[0]);
    }

    @Test
    void jvmFlags_areTheSameForTheAotTraining_theImage_andTheHelmChart() {
        List<String> flags = dockerfile.envValues("JAVA_TOOL_OPTIONS");
        assertThat(flags).as("set for the training run and for the image").hasSize(2);
        assertThat(flags.get(0))
                .as("an AOT cache is only used by a JVM like the one that trained it")
                .isEqualTo(flags.get(1))
                .contains("-XX:+UseSerialGC")
                .contains("MaxRAMPercentage");
        assertThat(at(yaml(HelmChartIntegrationTests.CHART.resolve("values.yaml")), "javaToolOptions"))
                .isEqualTo(flags.get(1));
    }

    /**
     * Outside a container there is no memory limit to take a share of: the commands of the README and the AOT
     * guide give the heap as {@code -Xmx} and the benchmark as {@code -XX:MaxRAM}; every other flag is the image's,
     * so what the docs and the benchmark show is what the image runs.
     */
    @Test
    void jvmFlags_ofTheReadmeRunCommands_andTheBenchmark_areTheImages() {
        List<String> imageFlags = List.of(
                        dockerfile.envValues("JAVA_TOOL_OPTIONS").getLast().split(" "))
                .stream()
                .filter(flag -> !flag.startsWith("-XX:MaxRAMPercentage=")
                        && !flag.startsWith("-XX:MinRAMPercentage=")
                        && !flag.startsWith("-XX:InitialRAMPercentage=")
                        && !flag.startsWith("-Djava.io.tmpdir="))
                .toList();
        assertThat(imageFlags).isNotEmpty();
        List<String> runCommands = (read(Path.of("README.md")) + read(Path.of("docs/aot-cache.md")))
                .replace("\\\n", " ")
                .lines()
                .map(String::strip)
                .filter(line -> (line.startsWith("java ") || line.startsWith("\"$JAVA_HOME/bin/java\" "))
                        && line.contains(" -jar ")
                        && !line.contains("jarmode"))
                .toList();
        assertThat(runCommands)
                .as("README and docs/aot-cache.md: plain run, AOT training, AOT run")
                .hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(command -> assertThat(command)
                        .contains(imageFlags)
                        .contains("-Xmx")
                        .contains("-Xms"));
        String benchFlags = read(Path.of("bench/run"))
                .lines()
                .filter(line -> line.contains("GATEWAY_JAVA_OPTS:="))
                .findFirst()
                .orElseThrow();
        assertThat(benchFlags)
                .contains(imageFlags)
                .contains("-XX:MaxRAM=512m")
                .contains("-XX:MaxRAMPercentage=25")
                .contains("-XX:MinRAMPercentage=25")
                .contains("-XX:InitialRAMPercentage=12.5");
        assertThat(read(Path.of("bench/run")))
                .as("the image's malloc setting")
                .contains("MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-"
                        + dockerfile.env().get("MALLOC_ARENA_MAX") + "}");
    }

    /**
     * The image promises a heap of a quarter of the memory limit. Under about 504 MiB the JVM ignores
     * {@code MaxRAMPercentage} alone and sizes the heap at 126 MiB (half the memory under 252 MiB), which under a
     * 256Mi limit leaves too little for the rest of the process. It starts at an eighth, half of it young: from the
     * JVM's default start (1/64 of the memory, a young generation of a few MiB) in-flight requests were promoted
     * under load and the heap ended at its limit. Asked of this JDK, as the container's JVM would size it for each
     * limit ({@code -XX:MaxRAM} standing in for the cgroup limit).
     */
    @ParameterizedTest
    @ValueSource(ints = {192, 256, 384, 512, 1024, 2048})
    void jvmFlags_ofTheImage_giveTheHeapAQuarterOfTheMemoryLimit(int limitMiB) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(
                List.of(dockerfile.envValues("JAVA_TOOL_OPTIONS").getLast().split(" ")));
        command.addAll(List.of("-XX:MaxRAM=" + limitMiB + "m", "-XX:+PrintFlagsFinal", "-version"));
        Process jvm = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String flags = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor()).as("java %s", command).isZero();

        long limit = limitMiB * 1024L * 1024;
        // The heap is a whole number of the collector's alignment units, so each share within one MiB.
        assertThat(flag(flags, "MaxHeapSize"))
                .as("MaxHeapSize under a %d MiB limit", limitMiB)
                .isCloseTo(limit / 4, within(1024L * 1024));
        assertThat(flag(flags, "InitialHeapSize"))
                .as("InitialHeapSize under a %d MiB limit", limitMiB)
                .isCloseTo(limit / 8, within(1024L * 1024));
        assertThat(flag(flags, "NewSize"))
                .as("initial young generation under a %d MiB limit", limitMiB)
                .isCloseTo(limit / 16, within(1024L * 1024));
    }

    private static long flag(String printFlagsFinal, String name) {
        return printFlagsFinal
                .lines()
                .map(String::strip)
                .filter(line -> line.startsWith("size_t " + name + " "))
                .map(line -> Long.parseLong(line.split("\\s+")[3]))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void dockerignore_keepsBuildOutputOut_butNothingTheBuildCopies() {
        List<String> ignored = read(Path.of(".dockerignore"))
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertThat(ignored).contains("target/", ".git/");
        assertThat(dockerfile.copiedSources())
                .isNotEmpty()
                .allSatisfy(source ->
                        assertThat(ignored).noneMatch(pattern -> source.equals(pattern) || source.startsWith(pattern)));
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path path) {
        return (Map<String, Object>) new Yaml().load(read(path));
    }
}
