package io.github.sigv4gateway.testsupport;

/** The LocalStack image the Testcontainers tests start: the tag docker-compose.yml pins (a test checks they agree). */
public final class LocalStackImage {

    public static final String PINNED = "localstack/localstack:4.4.0";

    private LocalStackImage() {}
}
