package io.github.sigv4gateway.bench;

import io.github.sigv4gateway.signing.Endpoint;
import io.github.sigv4gateway.signing.PayloadBuffers;
import io.github.sigv4gateway.signing.RequestSigner;
import io.github.sigv4gateway.signing.RequestTarget;
import io.github.sigv4gateway.signing.SignatureHeaders;
import io.github.sigv4gateway.signing.SigningInput;
import io.github.sigv4gateway.signing.SigningScope;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * JMH benchmarks of the per-request signing path, as {@code routing.SigV4GatewayFilter} runs it: normalise the
 * client's path and query ({@link RequestTarget#of}), then {@link RequestSigner#sign} with the body handed over as
 * {@link PayloadBuffers} over views of the buffered body's memory (no copy). Static
 * credentials, region {@code us-east-1}, service {@code lambda}, a Lambda function URL host, the system UTC clock.
 *
 * <ul>
 *   <li>{@code getWithQuery}: a GET with a four-parameter query (one percent-escape, one bare key), empty body.</li>
 *   <li>{@code post4KiB}: a 4 KiB POST body in one pooled direct Netty buffer, as a small body arrives.</li>
 *   <li>{@code body1MiB}: a 1 MiB body in one buffer: the cost of hashing the payload.</li>
 *   <li>{@code body1MiBJoined}: the same 1 MiB joined by {@code DataBufferUtils.join} from 64 chunks of 16 KiB,
 *       which is what {@code BoundedBody} hands the filter for a large body (a composite Netty buffer).</li>
 * </ul>
 *
 * <p>Read {@code ns/op} for time and {@code gc.alloc.rate.norm} (bytes per operation) from the gc profiler.
 * {@code bench/run --jmh-only} runs it; by hand, after {@code ./mvnw test-compile} and
 * {@code ./mvnw dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=cp.txt}:
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) org.openjdk.jmh.Main SigningBenchmark -prof gc}.
 * The class name does not end in {@code Tests}, so Surefire never runs it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SigningBenchmark {

    private static final String HOST = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws";
    private static final Endpoint ENDPOINT = Endpoint.of("https", HOST, -1);
    private static final SigningScope SCOPE = new SigningScope("us-east-1", "lambda");
    private static final AwsCredentialsIdentity CREDENTIALS =
            AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    // The gateway's RequestSigner bean, built as RoutingConfiguration builds it.
    private final RequestSigner signer = new RequestSigner(Clock.systemUTC());

    private DataBuffer empty;
    private DataBuffer body4KiB;
    private DataBuffer body1MiB;
    private DataBuffer body1MiBJoined;

    @Setup(Level.Trial)
    public void setUp() {
        NettyDataBufferFactory netty = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);
        // What the filter signs when the client sent no body.
        empty = DefaultDataBufferFactory.sharedInstance.allocateBuffer(0);
        body4KiB = filled(netty, 4 * 1024);
        body1MiB = filled(netty, 1024 * 1024);
        List<DataBuffer> chunks = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            chunks.add(filled(netty, 16 * 1024));
        }
        body1MiBJoined = DataBufferUtils.join(Flux.fromIterable(chunks)).block();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        DataBufferUtils.release(body4KiB);
        DataBufferUtils.release(body1MiB);
        DataBufferUtils.release(body1MiBJoined);
    }

    @Benchmark
    public SignatureHeaders getWithQuery() {
        RequestTarget target = RequestTarget.of("/api/v1/orders/42", "limit=10&next=eyJpZCI6NDJ9%3D&sort=desc&pretty");
        return sign("GET", target, empty);
    }

    @Benchmark
    public SignatureHeaders post4KiB() {
        return sign("POST", RequestTarget.of("/api/v1/orders", null), body4KiB);
    }

    @Benchmark
    public SignatureHeaders body1MiB() {
        return sign("POST", RequestTarget.of("/api/v1/uploads", null), body1MiB);
    }

    @Benchmark
    public SignatureHeaders body1MiBJoined() {
        return sign("POST", RequestTarget.of("/api/v1/uploads", null), body1MiBJoined);
    }

    /**
     * The call in {@code SigV4GatewayFilter.forward}, with no client {@code x-amz-*} header to sign: views of the
     * buffered body's readable bytes, taken per request and hashed in place.
     */
    private SignatureHeaders sign(String method, RequestTarget target, DataBuffer body) {
        Map<String, List<String>> toSign = new TreeMap<>();
        try (DataBuffer.ByteBufferIterator views = body.readableByteBuffers()) {
            List<ByteBuffer> payload = new ArrayList<>(1);
            views.forEachRemaining(payload::add);
            return signer.sign(new SigningInput(
                    method, ENDPOINT, target, toSign, new PayloadBuffers(payload), SCOPE, CREDENTIALS));
        }
    }

    private static DataBuffer filled(NettyDataBufferFactory factory, int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        // Pooled direct, as Netty's decoder hands request content over.
        DataBuffer buffer =
                factory.wrap(PooledByteBufAllocator.DEFAULT.directBuffer(size).writeBytes(bytes));
        return buffer;
    }
}
