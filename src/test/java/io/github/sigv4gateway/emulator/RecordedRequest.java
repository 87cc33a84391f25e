package io.github.sigv4gateway.emulator;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request as it arrived at the emulator, and what the emulator made of it.
 *
 * @param method request method
 * @param rawTarget request-target exactly as on the request line
 * @param headers headers in arrival order
 * @param body body bytes
 * @param verification the signature check's outcome
 * @param authorized whether the policy allowed the invocation (false when the signature failed)
 */
public record RecordedRequest(
        String method,
        String rawTarget,
        List<Map.Entry<String, String>> headers,
        byte[] body,
        SigV4Verifier.Result verification,
        boolean authorized) {

    public @Nullable String header(String name) {
        return SigV4Verifier.header(headers, name.toLowerCase(java.util.Locale.ROOT));
    }

    public List<String> headerValues(String name) {
        return headers.stream()
                .filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .toList();
    }

    public boolean accepted() {
        return verification.valid() && authorized;
    }
}
