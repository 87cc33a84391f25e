package io.github.sigv4gateway.signing;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a raw query as AWS does: {@code &}-separated parameters in client order, repeated keys kept, each key and
 * value percent-decoded as UTF-8 with a raw {@code +} read as a space; and keeps the client's spelling for the wire
 * (see {@link QueryParameter}).
 */
final class QueryParser {

    private QueryParser() {}

    static List<QueryParameter> parse(@Nullable String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return List.of();
        }
        List<QueryParameter> parameters = new ArrayList<>();
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = decodeUtf8(rawName);
            if (name.isEmpty()) {
                // SigV4 leaves parameters with an empty name out of the canonical query; AWS does not.
                throw new MalformedRequestTargetException("query parameter with an empty name cannot be signed");
            }
            if (eq < 0) {
                parameters.add(new QueryParameter(name, null, wireSpelling(rawName)));
            } else {
                String rawValue = pair.substring(eq + 1);
                parameters.add(new QueryParameter(
                        name, decodeUtf8(rawValue), wireSpelling(rawName) + '=' + wireSpelling(rawValue)));
            }
        }
        return parameters;
    }

    /** A query component strictly re-encoded, the client's {@code +} kept (see {@link QueryParameter}). */
    private static String wireSpelling(String raw) {
        if (raw.indexOf('+') < 0) {
            return PercentEncoding.reencode(raw);
        }
        StringBuilder out = new StringBuilder(raw.length() + 8);
        int start = 0;
        for (int plus = raw.indexOf('+'); plus >= 0; plus = raw.indexOf('+', start)) {
            out.append(PercentEncoding.reencode(raw.substring(start, plus))).append('+');
            start = plus + 1;
        }
        return out.append(PercentEncoding.reencode(raw.substring(start))).toString();
    }

    /** A query component as AWS reads it: a raw {@code +} is a space, then percent-decoded as UTF-8. */
    private static String decodeUtf8(String raw) {
        if (isPlainAscii(raw)) {
            // Nothing to decode (the usual case): no escape, no plus, no byte outside ASCII.
            return raw;
        }
        byte[] bytes = PercentEncoding.decode(raw.replace('+', ' '));
        try {
            // SigV4 canonicalises query text as UTF-8; bytes that are not UTF-8 cannot be signed faithfully.
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedRequestTargetException("query component is not UTF-8 after percent-decoding");
        }
    }

    private static boolean isPlainAscii(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == '+' || c > 0x7F) {
                return false;
            }
        }
        return true;
    }
}
