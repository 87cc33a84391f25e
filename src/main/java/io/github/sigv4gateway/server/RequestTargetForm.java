package io.github.sigv4gateway.server;

import org.jspecify.annotations.Nullable;

/**
 * Brings a request-target as it arrived on the request line to a safe origin-form ({@code /path?query}).
 * Absolute-form ({@code http://other-host/x}) loses its scheme and authority: the gateway only ever calls its
 * routes' targets. Bytes that RFC 3986 does not allow raw (non-ASCII, {@code "<>\^`{|}}) are percent-encoded
 * rather than refused; control characters, fragments and broken escapes are refused.
 */
final class RequestTargetForm {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RequestTargetForm() {}

    /**
     * The outcome: exactly one of {@code target} and {@code problem} is set.
     *
     * @param target the origin-form target to use
     * @param problem why the target is refused
     */
    record Result(@Nullable String target, @Nullable String problem) {

        static Result ok(String target) {
            return new Result(target, null);
        }

        static Result refused(String problem) {
            return new Result(null, problem);
        }
    }

    static Result toOriginForm(String raw) {
        String target = raw;
        if (!target.startsWith("/")) {
            int schemeEnd = target.indexOf("://");
            if (schemeEnd <= 0 || !target.substring(0, schemeEnd).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
                return Result.refused("request target must be a path starting with '/'");
            }
            int pathStart = indexOfAny(target, schemeEnd + 3, "/?");
            target = pathStart < 0 ? "/" : target.substring(pathStart);
            if (target.startsWith("?")) {
                target = "/" + target;
            }
        }
        StringBuilder out = null;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c < 0x21 || c == 0x7F) {
                return Result.refused("control character or space in request target");
            }
            if (c == '#') {
                return Result.refused("fragment ('#') in request target");
            }
            if (c == '%' && !(i + 2 < target.length() && isHex(target.charAt(i + 1)) && isHex(target.charAt(i + 2)))) {
                return Result.refused("malformed percent-escape in request target at position " + i);
            }
            boolean encode = c > 0x7F || "\"<>\\^`{|}".indexOf(c) >= 0;
            if (encode && out == null) {
                out = new StringBuilder(target.length() + 16).append(target, 0, i);
            }
            if (out != null) {
                if (encode) {
                    // The HTTP decoder hands over one char per received byte (ISO-8859-1).
                    int b = c & 0xFF;
                    out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
                } else {
                    out.append(c);
                }
            }
        }
        return Result.ok(out == null ? target : out.toString());
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static int indexOfAny(String s, int from, String chars) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
