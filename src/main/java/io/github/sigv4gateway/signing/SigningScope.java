package io.github.sigv4gateway.signing;

/**
 * Where a signature is valid: the AWS region and the service signing name ({@code lambda}, {@code execute-api}).
 *
 * @param region signing region, e.g. {@code us-east-1}
 * @param service signing name, e.g. {@code lambda}
 */
public record SigningScope(String region, String service) {}
