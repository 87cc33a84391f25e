package io.github.sigv4gateway.emulator;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A local stand-in for a Lambda function URL with {@code AWS_IAM} auth, on a real socket: it recomputes SigV4
 * from the bytes received ({@link SigV4Verifier}), asks the {@link PolicyModel} whether the signer may call
 * {@code lambda:InvokeFunctionUrl}, and answers like AWS: 403 {@code {"Message":"Forbidden"}} or the function's
 * answer ({@link EchoFunction}). Every request is recorded for tests (the last 1000).
 */
public final class FunctionUrlEmulator implements AutoCloseable {

    public static final String DEFAULT_FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:hello";
    private static final int MAX_BODY = 16 * 1024 * 1024;
    private static final int MAX_REQUEST_LINE = 64 * 1024;
    private static final int MAX_RECORDED = 1000;

    private final SigV4Verifier verifier;
    private final PolicyModel policy;
    private final String functionArn;
    private final ConcurrentLinkedDeque<RecordedRequest> recorded = new ConcurrentLinkedDeque<>();
    private final DisposableServer server;

    private FunctionUrlEmulator(Builder builder) {
        this.verifier = new SigV4Verifier(
                builder.region, builder.service, builder.credentials, builder.clock, builder.allowedSkew);
        this.policy = builder.policy;
        this.functionArn = builder.functionArn;
        this.server = HttpServer.create()
                .host(builder.host)
                .port(builder.port)
                // Long queries (filters, OAuth state, tokens) reach function URLs; Reactor Netty's default is 4 KiB.
                .httpRequestDecoder(spec -> spec.maxInitialLineLength(MAX_REQUEST_LINE))
                .handle(this::handle)
                .bindNow();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return server.port();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public PolicyModel policy() {
        return policy;
    }

    /** Requests received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return new ArrayList<>(recorded);
    }

    public RecordedRequest lastRequest() {
        return recorded.getLast();
    }

    public void clear() {
        recorded.clear();
    }

    private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        request.requestHeaders().forEach(headers::add);
        return request.receive()
                .aggregate()
                .asByteArray()
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> {
                    if (body.length > MAX_BODY) {
                        return response.status(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)
                                .send();
                    }
                    String method = request.method().name();
                    SigV4Verifier.Result result = verifier.verify(method, request.uri(), headers, body);
                    boolean authorized = result.valid()
                            && policy.allows(result.principal(), "lambda:InvokeFunctionUrl", functionArn);
                    RecordedRequest recordedRequest =
                            new RecordedRequest(method, request.uri(), List.copyOf(headers), body, result, authorized);
                    record(recordedRequest);
                    // Not UUID.randomUUID(): SecureRandom may read /dev/urandom, a blocking call on the event loop.
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    response.header("x-amzn-RequestId", new UUID(random.nextLong(), random.nextLong()).toString());
                    if (!authorized) {
                        return forbidden(response);
                    }
                    return EchoFunction.answer(recordedRequest, response);
                });
    }

    private void record(RecordedRequest request) {
        recorded.addLast(request);
        while (recorded.size() > MAX_RECORDED) {
            recorded.pollFirst();
        }
    }

    private static Mono<Void> forbidden(HttpServerResponse response) {
        byte[] body = "{\"Message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8);
        return response.status(HttpResponseStatus.FORBIDDEN)
                .header("Content-Type", "application/json")
                .header("x-amzn-ErrorType", "AccessDeniedException")
                .header("Content-Length", String.valueOf(body.length))
                .sendByteArray(Mono.just(body))
                .then();
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    /** Emulator settings; defaults are a function URL in us-east-1 that lets every known key invoke. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String region = "us-east-1";
        private String service = "lambda";
        private String functionArn = DEFAULT_FUNCTION_ARN;
        private CredentialStore credentials = new CredentialStore();
        private PolicyModel policy = PolicyModel.allowAll();
        private Clock clock = Clock.systemUTC();
        private Duration allowedSkew = Duration.ofMinutes(5);

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder service(String service) {
            this.service = service;
            return this;
        }

        public Builder functionArn(String functionArn) {
            this.functionArn = functionArn;
            return this;
        }

        public Builder credentials(CredentialStore credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder policy(PolicyModel policy) {
            this.policy = policy;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder allowedSkew(Duration allowedSkew) {
            this.allowedSkew = allowedSkew;
            return this;
        }

        public FunctionUrlEmulator start() {
            return new FunctionUrlEmulator(this);
        }
    }
}
