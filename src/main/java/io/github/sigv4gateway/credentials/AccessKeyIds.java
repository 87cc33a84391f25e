package io.github.sigv4gateway.credentials;

import org.jspecify.annotations.Nullable;

/**
 * Access key ids as logs may show them: masked the way {@code aws configure list} shows them, so an operator can
 * tell which key signs without the log handing the key id out.
 */
final class AccessKeyIds {

    private static final int SHOWN = 4;
    /**
     * Below this length the last four characters would be most of the value, so nothing is shown. AWS key ids
     * are 16 to 128 characters; shorter values only come from a mistyped configuration.
     */
    private static final int SHORTEST_PARTLY_SHOWN = 2 * SHOWN;

    private AccessKeyIds() {}

    /**
     * The key id with every character but the last four replaced by {@code *}, same length as the key id:
     * {@code AKIDIOSFODNN7EXAMPLE} gives {@code ****************MPLE}. Values shorter than 8 characters are
     * masked entirely; {@code null} or empty gives {@code (none)}.
     */
    static String masked(@Nullable String accessKeyId) {
        if (accessKeyId == null || accessKeyId.isEmpty()) {
            return "(none)";
        }
        // Code points, not chars: a stray surrogate pair must neither be split nor count as two characters.
        int[] codePoints = accessKeyId.codePoints().toArray();
        int shown = codePoints.length < SHORTEST_PARTLY_SHOWN ? 0 : SHOWN;
        StringBuilder masked = new StringBuilder("*".repeat(codePoints.length - shown));
        for (int i = codePoints.length - shown; i < codePoints.length; i++) {
            masked.appendCodePoint(codePoints[i]);
        }
        return masked.toString();
    }
}
