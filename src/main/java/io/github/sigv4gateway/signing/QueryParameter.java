package io.github.sigv4gateway.signing;

import org.jspecify.annotations.Nullable;

/**
 * One query parameter as the client sent it, decoded. A {@code null} value means the key came without {@code =}.
 *
 * @param name decoded name
 * @param value decoded value, or {@code null} for a bare key
 */
public record QueryParameter(String name, @Nullable String value) {

    /** The parameter in its one canonical spelling, {@code name} or {@code name=value}, strictly encoded. */
    public String encoded() {
        String encodedName = PercentEncoding.encode(name);
        return value == null ? encodedName : encodedName + '=' + PercentEncoding.encode(value);
    }
}
