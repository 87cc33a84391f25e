package io.github.sigv4gateway.emulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Verifies SigV4 header authentication the way AWS does for non-S3 services, recomputed from the bytes received.
 * Written from the specification and the AWS test suite, sharing nothing with the gateway's signing code or the
 * AWS SDK, so it cannot agree with their bugs.
 */
public final class SigV4Verifier {

    private static final Pattern AUTHORIZATION =
            Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*"
                    + "SignedHeaders=([a-z0-9;!#$%&'*+.^_`|~-]+),\\s*Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final String region;
    private final String service;
    private final CredentialStore credentials;
    private final Clock clock;
    private final Duration allowedSkew;

    public SigV4Verifier(
            String region, String service, CredentialStore credentials, Clock clock, Duration allowedSkew) {
        this.region = region;
        this.service = service;
        this.credentials = credentials;
        this.clock = clock;
        this.allowedSkew = allowedSkew;
    }

    /**
     * The outcome. On success {@code principal} is set; otherwise {@code reason} says why (for tests, never for
     * the client). {@code canonicalRequest} and {@code stringToSign} are what was computed, when it got that far.
     */
    public record Result(
            boolean valid,
            @Nullable String principal,
            @Nullable String accessKeyId,
            @Nullable String reason,
            @Nullable String canonicalRequest,
            @Nullable String stringToSign) {

        static Result refused(String reason) {
            return new Result(false, null, null, reason, null, null);
        }
    }

    /**
     * @param method request method
     * @param rawTarget request-target exactly as on the request line
     * @param headers headers in arrival order, duplicates kept
     * @param body body bytes as received
     */
    public Result verify(String method, String rawTarget, List<Map.Entry<String, String>> headers, byte[] body) {
        String authorization = header(headers, "authorization");
        if (authorization == null) {
            return Result.refused("no Authorization header");
        }
        Matcher auth = AUTHORIZATION.matcher(authorization.trim());
        if (!auth.matches()) {
            return Result.refused("Authorization is not AWS4-HMAC-SHA256 header auth");
        }
        String accessKeyId = auth.group(1);
        String scopeDate = auth.group(2);
        if (!region.equals(auth.group(3)) || !service.equals(auth.group(4))) {
            return Result.refused(
                    "credential scope " + auth.group(3) + "/" + auth.group(4) + " is not " + region + "/" + service);
        }
        List<String> signedHeaders = List.of(auth.group(5).split(";"));
        if (!signedHeaders.contains("host")) {
            return Result.refused("host is not signed");
        }
        String amzDate = header(headers, "x-amz-date");
        if (amzDate == null) {
            return Result.refused("no X-Amz-Date");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate.trim()));
        } catch (DateTimeParseException e) {
            return Result.refused("X-Amz-Date is not yyyyMMddTHHmmssZ");
        }
        if (!amzDate.trim().startsWith(scopeDate)) {
            return Result.refused("credential scope date differs from X-Amz-Date");
        }
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(allowedSkew) > 0) {
            return Result.refused(
                    "X-Amz-Date " + amzDate + " is more than " + allowedSkew + " from " + clock.instant());
        }
        Optional<Identity> identity = credentials.find(accessKeyId);
        if (identity.isEmpty()) {
            return Result.refused("unknown access key " + accessKeyId);
        }
        String token = header(headers, "x-amz-security-token");
        String expectedToken = identity.get().sessionToken();
        if (expectedToken == null ? token != null : !expectedToken.equals(token)) {
            return Result.refused(
                    expectedToken == null
                            ? "security token sent with long-term keys"
                            : "missing or wrong security token for temporary keys");
        }
        String bodyHash = hex(sha256(body));
        String declaredHash = header(headers, "x-amz-content-sha256");
        if (declaredHash != null && !declaredHash.trim().equals(bodyHash)) {
            return Result.refused("x-amz-content-sha256 " + declaredHash + " is not the SHA-256 of the body");
        }
        String canonicalRequest;
        try {
            canonicalRequest =
                    method + "\n" + canonicalUri(pathOf(rawTarget)) + "\n" + canonicalQuery(queryOf(rawTarget))
                            + "\n" + canonicalHeaders(headers, signedHeaders) + "\n" + String.join(";", signedHeaders)
                            + "\n" + bodyHash;
        } catch (IllegalArgumentException e) {
            return Result.refused(e.getMessage());
        }
        String scope = scopeDate + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate.trim() + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        String expected = signature(identity.get().secretAccessKey(), scopeDate, stringToSign);
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), auth.group(6).getBytes(StandardCharsets.US_ASCII))) {
            return new Result(false, null, accessKeyId, "signature mismatch", canonicalRequest, stringToSign);
        }
        return new Result(true, identity.get().principalArn(), accessKeyId, null, canonicalRequest, stringToSign);
    }

    private String signature(String secret, String date, String stringToSign) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign));
    }

    /** Dot segments removed and repeated slashes collapsed, as the suite's normalised cases, then encoded again. */
    static String canonicalUri(String rawPath) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        Deque<String> out = new ArrayDeque<>();
        String[] segments = rawPath.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals("..")) {
                out.pollLast();
                if (last) {
                    out.add("");
                }
            } else if (segment.equals(".") || (segment.isEmpty() && !last)) {
                if (last) {
                    out.add("");
                }
            } else {
                out.add(segment);
            }
        }
        StringBuilder path = new StringBuilder();
        for (String segment : out) {
            path.append('/').append(encode(latin1Bytes(segment)));
        }
        return path.isEmpty() ? "/" : path.toString();
    }

    static String canonicalQuery(@Nullable String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = encode(decodeQuery(eq < 0 ? pair : pair.substring(0, eq)));
            String value = eq < 0 ? "" : encode(decodeQuery(pair.substring(eq + 1)));
            pairs.add(new String[] {key, value});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder out = new StringBuilder();
        for (String[] pair : pairs) {
            out.append(out.isEmpty() ? "" : "&").append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    private static String canonicalHeaders(List<Map.Entry<String, String>> headers, List<String> signed) {
        StringBuilder out = new StringBuilder();
        for (String name : signed) {
            List<String> values = new ArrayList<>();
            for (Map.Entry<String, String> header : headers) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    values.add(header.getValue().trim().replaceAll("\\s+", " "));
                }
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException("signed header " + name + " is missing");
            }
            out.append(name).append(':').append(String.join(",", values)).append('\n');
        }
        return out.toString();
    }

    private static String pathOf(String rawTarget) {
        int q = rawTarget.indexOf('?');
        return q < 0 ? rawTarget : rawTarget.substring(0, q);
    }

    private static @Nullable String queryOf(String rawTarget) {
        int q = rawTarget.indexOf('?');
        return q < 0 ? null : rawTarget.substring(q + 1);
    }

    static @Nullable String header(List<Map.Entry<String, String>> headers, String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /** A query component as AWS's front ends read it: a raw {@code +} is a space, {@code %2B} a plus. */
    static byte[] decodeQuery(String raw) {
        return decode(raw.replace('+', ' '));
    }

    /** Percent-decoding as RFC 3986 has it: {@code +} is a plus. */
    static byte[] decode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()
                        || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("malformed percent-escape in query");
                }
                out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] bytes =
                        c <= 0xFF ? new byte[] {(byte) c} : String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }

    private static byte[] latin1Bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.writeBytes(c <= 0xFF ? new byte[] {(byte) c} : String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** Every byte outside A-Z a-z 0-9 - . _ ~ as %XX, upper-case hex. */
    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            int v = b & 0xFF;
            if ((v >= 'A' && v <= 'Z')
                    || (v >= 'a' && v <= 'z')
                    || (v >= '0' && v <= '9')
                    || v == '-'
                    || v == '.'
                    || v == '_'
                    || v == '~') {
                out.append((char) v);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(v >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(v & 0xF, 16)));
            }
        }
        return out.toString();
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
