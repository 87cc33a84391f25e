package io.github.sigv4gateway.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The official AWS SigV4 test suite (Apache-2.0), kept in the test resources ({@code aws-sigv4-testsuite/}, with
 * its LICENSE and NOTICE): one case per folder, read without any of the gateway's code. The cases replayed are the
 * ones {@code cases.txt} lists; one that is missing fails the build rather than shrinking it.
 */
public final class AwsSigV4TestSuite {

    /** The suite's folder on the test class path. */
    public static final String RESOURCE = "aws-sigv4-testsuite";

    /**
     * One case.
     *
     * @param name folder name
     * @param method request method
     * @param rawTarget request-target as written
     * @param headers headers in order, multi-line values folded with one space
     * @param body request body
     * @param accessKeyId suite key
     * @param secretAccessKey suite secret
     * @param token session token or null
     * @param omitSessionToken whether the suite adds the token after signing (unsigned)
     * @param region scope region
     * @param service scope service
     * @param timestamp signing time
     * @param normalize whether the case uses normalised (non-S3) paths
     * @param signBody whether the payload hash is a signed header
     * @param canonicalRequest the suite's canonical request
     * @param stringToSign the suite's string to sign
     * @param signedRequest the suite's signed request (header auth)
     */
    public record Case(
            String name,
            String method,
            String rawTarget,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            String accessKeyId,
            String secretAccessKey,
            String token,
            boolean omitSessionToken,
            String region,
            String service,
            Instant timestamp,
            boolean normalize,
            boolean signBody,
            String canonicalRequest,
            String stringToSign,
            String signedRequest) {

        public String rawPath() {
            int q = rawTarget.indexOf('?');
            return q < 0 ? rawTarget : rawTarget.substring(0, q);
        }

        public String rawQuery() {
            int q = rawTarget.indexOf('?');
            return q < 0 ? null : rawTarget.substring(q + 1);
        }

        public String header(String name) {
            return headers.stream()
                    .filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }

        /** The Authorization header of the suite's signed request. */
        public String authorization() {
            for (String line : signedRequest.split("\n")) {
                if (line.startsWith("Authorization:")) {
                    return line.substring("Authorization:".length()).trim();
                }
            }
            throw new IllegalStateException(name + " has no Authorization");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private AwsSigV4TestSuite() {}

    /** Every case {@code cases.txt} lists, read in full. */
    public static Stream<Case> cases() {
        Path root = root();
        List<String> names = text(root.resolve("cases.txt"))
                .lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(String::trim)
                .toList();
        if (names.isEmpty()) {
            throw new IllegalStateException(root.resolve("cases.txt") + " lists no case");
        }
        return names.stream().map(name -> read(root.resolve(name))).toList().stream();
    }

    /** The suite's folder; a build without it fails here, naming where it is expected. */
    static Path root() {
        URL index = AwsSigV4TestSuite.class.getClassLoader().getResource(RESOURCE + "/cases.txt");
        if (index == null) {
            throw new IllegalStateException("the AWS SigV4 test suite is missing from the test class path: expected "
                    + RESOURCE + "/cases.txt (src/test/resources/" + RESOURCE + ")");
        }
        try {
            return Path.of(index.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Case read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(
                    "AWS SigV4 test suite case " + dir.getFileName() + " is listed in cases.txt but missing: " + dir);
        }
        String request = text(dir.resolve("request.txt"));
        String context = text(dir.resolve("context.json"));
        int split = request.indexOf("\n\n");
        String head = split < 0 ? request : request.substring(0, split);
        byte[] body = split < 0 ? new byte[0] : request.substring(split + 2).getBytes(StandardCharsets.UTF_8);
        String[] lines = head.split("\n");
        String requestLine = lines[0];
        String method = requestLine.substring(0, requestLine.indexOf(' '));
        String target = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(" HTTP/1.1"));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if ((line.startsWith(" ") || line.startsWith("\t")) && !headers.isEmpty()) {
                Map.Entry<String, String> last = headers.removeLast();
                headers.add(Map.entry(last.getKey(), last.getValue() + " " + line.trim()));
            } else if (!line.isEmpty()) {
                int colon = line.indexOf(':');
                headers.add(Map.entry(line.substring(0, colon), line.substring(colon + 1)));
            }
        }
        return new Case(
                dir.getFileName().toString(),
                method,
                target,
                headers,
                body,
                json(context, "access_key_id"),
                json(context, "secret_access_key"),
                json(context, "token"),
                "true".equals(json(context, "omit_session_token")),
                json(context, "region"),
                json(context, "service"),
                Instant.parse(json(context, "timestamp")),
                "true".equals(json(context, "normalize")),
                "true".equals(json(context, "sign_body")),
                text(dir.resolve("header-canonical-request.txt")),
                text(dir.resolve("header-string-to-sign.txt")),
                text(dir.resolve("header-signed-request.txt")));
    }

    private static String json(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|true|false|\\d+)")
                .matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    private static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("AWS SigV4 test suite file cannot be read: " + file, e);
        }
    }

    static Map<String, List<String>> headerMap(List<Map.Entry<String, String>> headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        headers.forEach(
                h -> map.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue()));
        return map;
    }
}
