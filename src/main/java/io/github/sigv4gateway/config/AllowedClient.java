package io.github.sigv4gateway.config;

import java.util.Locale;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a route's {@code allow} list, parsed once: what kind of identity it names and the name.
 *
 * @param kind what the entry names
 * @param value the SAN, DN, key name or service account subject, or {@code *} for any certificate or any key
 * @param subject the DN, parsed, for a {@link Kind#SUBJECT} entry (compared in canonical form)
 * @param entry the entry as configured, e.g. {@code uri:spiffe://cluster.local/ns/shop/sa/orders}
 */
public record AllowedClient(
        Kind kind, String value, @Nullable X500Principal subject, String entry) {

    /** Kubernetes names: a namespace is a DNS label, a service account a DNS subdomain. */
    private static final Pattern SERVICE_ACCOUNT_NAME =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-.a-z0-9]*[a-z0-9])?");

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
        KEY("key:"),
        /** A Kubernetes service account, as its token's subject names it: the whole entry is the subject. */
        SERVICE_ACCOUNT("system:serviceaccount:");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }

        /** Whether entries of this kind are met by a client certificate. */
        public boolean byCertificate() {
            return this != KEY && this != SERVICE_ACCOUNT;
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
            if (kind == Kind.SERVICE_ACCOUNT) {
                if (!SERVICE_ACCOUNT_NAME.matcher(value).matches()) {
                    why.append("not system:serviceaccount:NAMESPACE:NAME");
                    return null;
                }
                return new AllowedClient(kind, trimmed, null, trimmed);
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
        why.append("must start with uri:, dns:, subject:, certificate:*, key: or system:serviceaccount:");
        return null;
    }
}
