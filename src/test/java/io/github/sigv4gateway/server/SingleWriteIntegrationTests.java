package io.github.sigv4gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.testsupport.RawHttp;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The proxy port's socket writes, counted under Netty's HTTP codec on real connections: how many flushes with
 * bytes each answer took.
 */
class SingleWriteIntegrationTests {

    private static final String KEY = "AKIDSINGLEWRITE";
    private static final String SECRET = "single/Write+Secret";

    /** Bytes of each flush, by the client's port. */
    private static final Map<Integer, List<Integer>> flushesByClientPort = new ConcurrentHashMap<>();

    private static FunctionUrlEmulator emulator;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        emulator = FunctionUrlEmulator.builder()
                .credentials(new CredentialStore().add(KEY, SECRET, "arn:aws:iam::123456789012:user/single"))
                .start();
        gateway = RunningGateway.startWith(
                List.of(SocketWriteCounter.class),
                "--sigv4-gateway.target=" + emulator.baseUri(),
                "--sigv4-gateway.region=us-east-1",
                "--sigv4-gateway.service=lambda",
                "--sigv4-gateway.max-body-size=1KB",
                "--sigv4-gateway.credentials.default.type=static",
                "--sigv4-gateway.credentials.default.access-key-id=" + KEY,
                "--sigv4-gateway.credentials.default.secret-access-key=" + SECRET);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        emulator.close();
    }

    @Test
    void functionsShortAnswer_leavesHeadAndBodyInOneWrite() throws IOException {
        Exchange exchange = send("GET /orders/42?limit=10 HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n");
        assertThat(exchange.reply.status()).isEqualTo(200);
        assertThat(exchange.reply.header("content-length")).isNotNull();
        assertThat(exchange.flushes()).containsExactly(exchange.replyBytes());
    }

    @Test
    void chunkedAnswer_stillLeavesChunkByChunk() throws IOException {
        Exchange exchange = send("GET /stream HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n"
                + "x-emulator-stream-chunks: 3\r\nx-emulator-chunk-delay-ms: 200\r\n\r\n");
        assertThat(exchange.reply.status()).isEqualTo(200);
        assertThat(exchange.reply.body()).contains("chunk-0").contains("chunk-2");
        assertThat(exchange.flushes()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(exchange.flushes().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(exchange.replyBytes());
    }

    @Test
    void gatewaysOwnErrorAnswer_leavesInOneWrite() throws IOException {
        Exchange exchange = send(
                "POST /upload HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n" + "Content-Length: 2048\r\n\r\n");
        assertThat(exchange.reply.status()).isEqualTo(413);
        assertThat(exchange.flushes()).containsExactly(exchange.replyBytes());
    }

    private static Exchange send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            RawHttp.Reply reply = RawHttp.read(socket.getInputStream());
            return new Exchange(reply, flushesByClientPort.getOrDefault(socket.getLocalPort(), List.of()));
        }
    }

    private record Exchange(RawHttp.Reply reply, List<Integer> flushes) {

        int replyBytes() {
            return reply.text().getBytes(StandardCharsets.ISO_8859_1).length;
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class SocketWriteCounter {

        @Bean
        NettyServerCustomizer socketWriteCounter() {
            return server -> server.doOnChannelInit((observer, channel, remoteAddress) ->
                    channel.pipeline().addFirst("test-socket-writes", new FlushCounter()));
        }
    }

    /** First in the pipeline, so it sees the bytes the codec made of each message, as they go to the socket. */
    private static final class FlushCounter extends ChannelOutboundHandlerAdapter {

        private int pending;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf buffer) {
                pending += buffer.readableBytes();
            } else if (msg instanceof ByteBufHolder holder) {
                pending += holder.content().readableBytes();
            }
            ctx.write(msg, promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            if (pending > 0 && ctx.channel().remoteAddress() instanceof InetSocketAddress client) {
                flushesByClientPort
                        .computeIfAbsent(client.getPort(), port -> new CopyOnWriteArrayList<>())
                        .add(pending);
                pending = 0;
            }
            ctx.flush();
        }
    }
}
