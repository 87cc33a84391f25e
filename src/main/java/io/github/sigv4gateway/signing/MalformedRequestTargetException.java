package io.github.sigv4gateway.signing;

/** The request path or query cannot be read unambiguously, so it can be neither forwarded nor signed. */
public final class MalformedRequestTargetException extends IllegalArgumentException {

    public MalformedRequestTargetException(String message) {
        super(message);
    }
}
