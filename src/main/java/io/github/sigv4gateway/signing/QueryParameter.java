package io.github.sigv4gateway.signing;

import org.jspecify.annotations.Nullable;

/**
 * One query parameter: decoded for signing, and spelled for the wire. A {@code null} value means the key came
 * without {@code =}.
 *
 * <p>A raw {@code +} in a query means a space to AWS's front ends and to the decoders functions use (Lambda's
 * {@code queryStringParameters}, {@code parse_qs}, the servlet API, {@code URLSearchParams}), and {@code %2B}
 * means a plus. So the decoded name and value, which are signed, have a space for each raw {@code +}, while the
 * wire spelling keeps the client's {@code +}: what the function reads is what the client meant, and what AWS
 * canonicalises ({@code %20}) is what was signed.
 *
 * @param name decoded name, as signed
 * @param value decoded value, as signed, or {@code null} for a bare key
 * @param encoded the parameter as it is sent: {@code name} or {@code name=value}, each strictly percent-encoded
 *        except that the client's {@code +} stays {@code +}
 */
public record QueryParameter(String name, @Nullable String value, String encoded) {

    /** A parameter from decoded text, sent strictly encoded (a space as {@code %20}, a plus as {@code %2B}). */
    public QueryParameter(String name, @Nullable String value) {
        this(
                name,
                value,
                value == null
                        ? PercentEncoding.encode(name)
                        : PercentEncoding.encode(name) + '=' + PercentEncoding.encode(value));
    }
}
