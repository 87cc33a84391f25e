package io.github.sigv4gateway.config;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The API key hashes by name, from the inline map or a file's text ({@code NAME:SHA256HEX} per line, blank lines and
 * {@code #} comments ignored). A problem names the line, never its text: a key pasted in place of its hash must not
 * reach a log.
 */
public final class ApiKeyFile {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private ApiKeyFile() {}

    /**
     * The hashes by name from a file's text.
     *
     * @param problems receives one reason per bad line, e.g. {@code line 3: ...}
     */
    public static Map<String, byte[]> parse(String text, List<String> problems) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String problem = colon < 0
                    ? "not NAME:SHA256HEX"
                    : add(
                            line.substring(0, colon).strip(),
                            line.substring(colon + 1).strip(),
                            keys);
            if (problem != null) {
                problems.add("line " + (i + 1) + ": " + problem);
            }
        }
        return keys;
    }

    /** The inline hashes by name; problems as for a file, naming the entry. */
    public static Map<String, byte[]> parse(Map<String, String> inline, List<String> problems) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        inline.forEach((name, hash) -> {
            String problem = add(name, hash, keys);
            if (problem != null) {
                problems.add(name + ": " + problem);
            }
        });
        return keys;
    }

    private static String add(String name, String hash, Map<String, byte[]> keys) {
        if (!NAME.matcher(name).matches()) {
            return "the name must be 1-64 letters, digits, '.', '_' or '-'";
        }
        if (!SHA256_HEX.matcher(hash).matches()) {
            return "not a SHA-256 in hex (64 characters): give the key's hash, e.g. printf %s \"$KEY\" | sha256sum";
        }
        if (keys.putIfAbsent(name, HexFormat.of().parseHex(hash)) != null) {
            return "the name '" + name + "' is given twice";
        }
        return null;
    }
}
