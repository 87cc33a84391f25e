package io.github.sigv4gateway.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The instructions of our Dockerfile that the deployment tests check, read from its text (continuation lines
 * joined). Only the forms our Dockerfile uses are understood: exec-form JSON arrays, {@code KEY="value"} ENV pairs.
 */
final class Dockerfile {

    /** An image reference with an exact tag (not latest, not a bare major) or a digest. */
    static final String PINNED_IMAGE = "[\\w./-]+(:(?!latest$)[\\w.-]*\\d+\\.\\d+[\\w.-]*|@sha256:[0-9a-f]{64})";

    private final List<String> instructions;

    private Dockerfile(List<String> instructions) {
        this.instructions = instructions;
    }

    static Dockerfile read(Path path) {
        List<String> joined = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : DeploymentFilesIntegrationTests.read(path).lines().toList()) {
            if (current.isEmpty() && (line.isBlank() || line.strip().startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                joined.add(current.append(line).toString().strip());
                current.setLength(0);
            }
        }
        return new Dockerfile(joined);
    }

    /** {@code <finalName>} of the build, which names the jar. */
    static String finalName(Path pom) {
        Matcher m =
                Pattern.compile("<finalName>([^<]+)</finalName>").matcher(DeploymentFilesIntegrationTests.read(pom));
        if (!m.find()) {
            throw new AssertionError("no finalName in " + pom);
        }
        return m.group(1);
    }

    List<String> baseImages() {
        return arguments("FROM").stream().map(a -> a.split("\\s+")[0]).toList();
    }

    String user() {
        return arguments("USER").getLast();
    }

    List<Integer> exposed() {
        return arguments("EXPOSE").stream()
                .flatMap(a -> Arrays.stream(a.split("\\s+")))
                .map(Integer::valueOf)
                .toList();
    }

    List<String> volumes() {
        return arguments("VOLUME");
    }

    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\w+)=\"([^\"]*)\"|(\\w+)=(\\S+)").matcher(String.join(" ", arguments("ENV")));
        while (m.find()) {
            env.put(m.group(1) != null ? m.group(1) : m.group(3), m.group(2) != null ? m.group(2) : m.group(4));
        }
        return env;
    }

    /** Every value {@code key} is given by an ENV instruction, in order (a stage each). */
    List<String> envValues(String key) {
        List<String> values = new ArrayList<>();
        Pattern pair = Pattern.compile("(\\w+)=\"([^\"]*)\"|(\\w+)=(\\S+)");
        for (String env : arguments("ENV")) {
            Matcher m = pair.matcher(env);
            while (m.find()) {
                if (key.equals(m.group(1) != null ? m.group(1) : m.group(3))) {
                    values.add(m.group(2) != null ? m.group(2) : m.group(4));
                }
            }
        }
        return values;
    }

    List<String> entrypoint() {
        return execForm(arguments("ENTRYPOINT").getLast());
    }

    String healthcheck() {
        return arguments("HEALTHCHECK").getLast();
    }

    /** The build stage's working directory, into which the build context's sources are copied. */
    String buildWorkdir() {
        return arguments("WORKDIR").getFirst();
    }

    /** Where the build stage extracts the boot jar ({@code -Djarmode=tools ... extract --destination X}). */
    String extractDestination() {
        return group(runs("-Djarmode=tools"), "--destination\\s+(\\S+)");
    }

    /** The AOT cache file the training run writes. */
    String aotCacheOutput() {
        return group(runs("-XX:AOTCacheOutput="), "-XX:AOTCacheOutput=(\\S+)");
    }

    /** The jar the AOT training run starts. */
    String aotCacheTrainedFor() {
        return group(runs("-XX:AOTCacheOutput="), "-jar\\s+(\\S+)");
    }

    /** The source-file program that drives the AOT training run ({@code java X.java ... -- <gateway command>}). */
    String aotTrainingDriver() {
        return group(runs("-XX:AOTCacheOutput="), "java\\s+(\\S+\\.java)\\s");
    }

    /** The java command of the AOT training run, as words. */
    List<String> aotTrainingCommand() {
        String run = runs("-XX:AOTCacheOutput=");
        return Arrays.asList(run.substring(run.indexOf("java ")).split("\\s+"));
    }

    /** Sources of COPY instructions from the build context (not from another stage). */
    List<String> copiedSources() {
        List<String> sources = new ArrayList<>();
        for (String copy : arguments("COPY")) {
            if (copy.startsWith("--from")) {
                continue;
            }
            List<String> words = Arrays.stream(copy.split("\\s+"))
                    .filter(w -> !w.startsWith("--"))
                    .toList();
            sources.addAll(words.subList(0, words.size() - 1));
        }
        return sources;
    }

    private String runs(String containing) {
        return arguments("RUN").stream()
                .filter(r -> r.contains(containing))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no RUN with " + containing));
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError("'" + regex + "' not in: " + text);
        }
        return m.group(1);
    }

    @SuppressWarnings("unchecked")
    private static List<String> execForm(String json) {
        // A JSON array of strings is also a YAML flow sequence.
        return (List<String>) new Yaml().load(json);
    }

    private List<String> arguments(String instruction) {
        return instructions.stream()
                .filter(i -> i.regionMatches(true, 0, instruction + " ", 0, instruction.length() + 1))
                .map(i -> i.substring(instruction.length()).strip())
                .toList();
    }
}
