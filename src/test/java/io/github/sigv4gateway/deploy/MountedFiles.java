package io.github.sigv4gateway.deploy;

import static io.github.sigv4gateway.deploy.Manifests.container;
import static io.github.sigv4gateway.deploy.Manifests.list;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The files a rendered gateway configuration names under {@value #ROOT} (the Secrets the chart mounts), proven to
 * sit in a directory the gateway container mounts, then made (empty) under a test directory so that the gateway's
 * check, which requires readable files, can run on the configuration with its paths moved there.
 */
final class MountedFiles {

    static final String ROOT = "/etc/sigv4-gateway/";
    private static final Pattern FILE = Pattern.compile(Pattern.quote(ROOT) + "[^\\s'\"]+");

    private MountedFiles() {}

    /** The rendered config with its mounted files under {@code directory}, each checked to be mounted. */
    static String materialize(Manifests manifests, Path directory) {
        String config = manifests.gatewayConfig();
        Set<String> mounts = list(container(manifests.podSpec(), "sigv4-gateway"), "volumeMounts").stream()
                .map(mount -> String.valueOf(mount.get("mountPath")))
                .collect(Collectors.toSet());
        Matcher matcher = FILE.matcher(config);
        while (matcher.find()) {
            Path file = Path.of(matcher.group());
            if (!mounts.contains(file.getParent().toString())) {
                throw new AssertionError(file + " is named by the config, but the container mounts only " + mounts);
            }
            try {
                Path made = directory.resolve(file.toString().substring(ROOT.length()));
                Files.createDirectories(made.getParent());
                if (!Files.exists(made)) {
                    Files.createFile(made);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return config.replace(ROOT, directory.toString() + "/");
    }
}
