package io.github.sigv4gateway.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The last steps of SigV4 written out from the specification (string to sign, signing key, signature), with
 * nothing from the AWS SDK, so golden tests can recompute a signature from a canonical request.
 */
final class SigV4Reference {

    private SigV4Reference() {}

    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonicalRequest));
    }

    static String signature(String secret, String date, String region, String service, String stringToSign) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign));
    }

    /**
     * The suite's canonical request with headers the gateway always signs added in their sorted place
     * ({@code x-amz-content-sha256}, and {@code x-amz-security-token} for temporary keys).
     */
    static String withHeaders(String canonicalRequest, List<String> extraHeaderLines) {
        String[] lines = canonicalRequest.split("\n", -1);
        int blank = 3;
        while (!lines[blank].isEmpty()) {
            blank++;
        }
        List<String> headers = new ArrayList<>(List.of(lines).subList(3, blank));
        for (String extra : extraHeaderLines) {
            String name = extra.substring(0, extra.indexOf(':'));
            if (headers.stream().noneMatch(h -> h.startsWith(name + ":"))) {
                headers.add(extra);
            }
        }
        headers.sort(null);
        List<String> names =
                headers.stream().map(h -> h.substring(0, h.indexOf(':'))).toList();
        return String.join("\n", lines[0], lines[1], lines[2]) + "\n" + String.join("\n", headers) + "\n\n"
                + String.join(";", names) + "\n" + lines[lines.length - 1];
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return hex(MessageDigest.getInstance("SHA-256").digest(bytes));
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
