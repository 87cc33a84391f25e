package io.github.sigv4gateway.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding as SigV4 canonicalisation wants it: every byte outside the unreserved set
 * ({@code A-Z a-z 0-9 - . _ ~}) becomes {@code %XX} with upper-case hex, and decoding never turns {@code +} into
 * a space.
 */
public final class PercentEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final boolean[] UNRESERVED = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            UNRESERVED[c] = true;
            UNRESERVED[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c : "-._~".toCharArray()) {
            UNRESERVED[c] = true;
        }
    }

    private PercentEncoding() {}

    /** Encodes the UTF-8 bytes of {@code text} strictly. */
    public static String encode(String text) {
        if (isAllUnreserved(text)) {
            return text;
        }
        return encode(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Encodes {@code bytes} strictly. */
    public static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int v = b & 0xFF;
            if (v < 128 && UNRESERVED[v]) {
                out.append((char) v);
            } else {
                out.append('%').append(HEX[v >> 4]).append(HEX[v & 0xF]);
            }
        }
        return out.toString();
    }

    /**
     * Decodes a raw component as it arrived on the request line. Characters above U+007F (which the HTTP decoder
     * hands over one per received byte) are taken as those bytes; {@code +} stays a plus.
     *
     * @throws MalformedRequestTargetException on a {@code %} not followed by two hex digits
     */
    public static byte[] decode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new MalformedRequestTargetException("malformed percent-escape at position " + i);
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else if (c > 0xFF) {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** Decodes to a UTF-8 string (for signing input, where the SDK re-encodes the text). */
    public static String decodeToString(String raw) {
        if (raw.indexOf('%') < 0 && isAscii(raw)) {
            return raw;
        }
        return new String(decode(raw), StandardCharsets.UTF_8);
    }

    /** Decodes and strictly re-encodes: the one canonical spelling of a component. */
    public static String reencode(String raw) {
        if (isAllUnreserved(raw)) {
            return raw;
        }
        return encode(decode(raw));
    }

    static boolean isAllUnreserved(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 128 || !UNRESERVED[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }
}
