package io.github.sigv4gateway.config;

import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a route's {@code allow} list, parsed once: what kind of identity it names and the name.
 *
 * @param kind what the entry names
 * @param value the SAN, DN or key name, or {@code *} for any certificate or any key
 * @param subject the DN, parsed, for a {@link Kind#SUBJECT} entry (compared in canonical form)
 * @param entry the entry as configured, e.g. {@code uri:spiffe://cluster.local/ns/shop/sa/orders}
 */
public record AllowedClient(
        Kind kind, String value, @Nullable X500Principal subject, String entry) {

    /** The kinds of identity an entry names, by the prefix it is written with. */
    public enum Kind {
        /** A URI subject alternative name of the client certificate, e.g. a SPIFFE ID. */
        URI("uri:"),
        /** A DNS subject alternative name of the client certificate. */
        DNS("dns:"),
        /** The client certificate's subject DN. */
        SUBJECT("subject:"),
        /** Any client certificate the client CA verified ({@code certificate:*}). */
        CERTIFICATE("certificate:"),
        /** The name of an API key, or any valid key ({@code key:*}). */
        KEY("key:");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }

        /** Whether entries of this kind are met by a client certificate. */
        public boolean byCertificate() {
            return this != KEY;
        }
    }

    /** Whether the entry is met by any certificate or any key rather than a named one. */
    public boolean any() {
        return "*".equals(value);
    }

    /**
     * The entry parsed, or {@code null} with the reason in {@code why} when it cannot be.
     *
     * @param why receives the reason an entry is refused
     */
    static @Nullable AllowedClient parse(String entry, StringBuilder why) {
        String trimmed = entry.trim();
        for (Kind kind : Kind.values()) {
            if (!trimmed.toLowerCase(Locale.ROOT).startsWith(kind.prefix)) {
                continue;
            }
            String value = trimmed.substring(kind.prefix.length()).trim();
            if (value.isEmpty()) {
                why.append("names nothing after '").append(kind.prefix).append("'");
                return null;
            }
            if (kind == Kind.CERTIFICATE && !"*".equals(value)) {
                why.append("certificate: takes only *, any verified client certificate");
                return null;
            }
            if (kind == Kind.SUBJECT) {
                try {
                    return new AllowedClient(kind, value, new X500Principal(value), trimmed);
                } catch (IllegalArgumentException e) {
                    why.append("not a distinguished name such as subject:CN=orders,O=shop");
                    return null;
                }
            }
            return new AllowedClient(kind, value, null, trimmed);
        }
        why.append("must start with uri:, dns:, subject:, certificate:* or key:");
        return null;
    }
}
