package io.github.sigv4gateway.testsupport;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.SigV4Verifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A function URL on a raw socket whose misbehaviour a test scripts request by request: reset the connection before
 * any answer byte, cut an answer short, never answer, answer 429 or 503, or stand a few minutes off in time. Every
 * request is checked with the emulator's own SigV4 verifier (an invalid or expired signature gets AWS's 403) and
 * recorded, so a test sees each attempt the gateway made, and whether it was signed afresh.
 */
public final class ScriptedUpstream implements AutoCloseable {

    /** What the upstream does with one request. */
    @FunctionalInterface
    public interface Behaviour {
        /** Answers on {@code out}; returns false when the connection was closed. */
        boolean act(Received request, Socket socket, OutputStream out, ScriptedUpstream upstream) throws IOException;
    }

    /** One request as it arrived, with the verifier's verdict. */
    public record Received(
            int connection,
            int onConnection,
            String method,
            String target,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            SigV4Verifier.Result verdict) {

        @Override
        public String toString() {
            return method + " " + target + " on connection " + connection + " at " + header("x-amz-date") + " ("
                    + (verdict.valid() ? "valid" : verdict.reason()) + ", " + body.length + " bytes)";
        }

        public @Nullable String header(String name) {
            return headers.stream()
                    .filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }
    }

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final ServerSocket server;
    private final AtomicLong offsetMillis = new AtomicLong();
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(offsetMillis.get());
        }
    };
    private final SigV4Verifier verifier;
    private final ConcurrentLinkedQueue<Behaviour> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public ScriptedUpstream(CredentialStore credentials, Duration allowedSkew) {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        verifier = new SigV4Verifier("us-east-1", "lambda", credentials, clock, allowedSkew);
        Thread.ofVirtual().name("scripted-upstream-accept").start(this::acceptLoop);
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The next requests get these behaviours, in order; after them, requests are answered 200. */
    public ScriptedUpstream then(Behaviour... behaviours) {
        script.addAll(List.of(behaviours));
        return this;
    }

    /** The upstream's clock (its {@code Date} and its signature check) stands this far from the real time. */
    public void clockOffset(Duration offset) {
        offsetMillis.set(offset.toMillis());
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    public void reset() {
        script.clear();
        received.clear();
        offsetMillis.set(0);
    }

    // Behaviours.

    /** A 200 with a small body, or AWS's 403 when the signature does not verify. */
    public static Behaviour ok() {
        return (request, socket, out, upstream) -> upstream.answerNormally(request, out);
    }

    /** {@code status} with these header lines and a small body. */
    public static Behaviour status(int status, String... headerLines) {
        return (request, socket, out, upstream) -> {
            upstream.write(out, status, List.of(headerLines), ("{\"status\":" + status + "}").getBytes());
            return true;
        };
    }

    /** The connection reset (RST) after the request arrived, before any answer byte. */
    public static Behaviour resetBeforeAnswer() {
        return (request, socket, out, upstream) -> {
            socket.setSoLinger(true, 0);
            socket.close();
            return false;
        };
    }

    /**
     * A front end that closed its kept-alive connections: a request arriving on a connection that served one before
     * is reset before any answer byte; the first request of a connection is answered normally.
     */
    public static Behaviour resetIfKeptAlive() {
        return (request, socket, out, upstream) -> {
            return request.onConnection() > 1
                    ? resetBeforeAnswer().act(request, socket, out, upstream)
                    : upstream.answerNormally(request, out);
        };
    }

    /** Answered normally after {@code delay}, so that requests sent together hold connections of their own. */
    public static Behaviour okAfter(Duration delay) {
        return (request, socket, out, upstream) -> {
            pause(delay);
            return upstream.answerNormally(request, out);
        };
    }

    /**
     * Declares {@code declared} bytes of body, sends {@code sent} of them, and closes after {@code pause} (long enough
     * for the gateway to have started passing the answer on, or zero for a cut within the first read).
     */
    public static Behaviour truncated(int declared, int sent, Duration pause) {
        return (request, socket, out, upstream) -> {
            out.write(upstream.head(200, List.of("Content-Length: " + declared)));
            out.write(new byte[sent]);
            out.flush();
            pause(pause);
            socket.close();
            return false;
        };
    }

    /** A chunked answer that stops after one chunk, without its last chunk, after {@code pause}. */
    public static Behaviour truncatedChunked(Duration pause) {
        return (request, socket, out, upstream) -> {
            out.write(upstream.head(200, List.of("Transfer-Encoding: chunked")));
            out.write("5\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            pause(pause);
            socket.close();
            return false;
        };
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Never answers; the connection stays open until the gateway gives up. */
    public static Behaviour silent() {
        return (request, socket, out, upstream) -> {
            socket.getInputStream().read();
            return false;
        };
    }

    private boolean answerNormally(Received request, OutputStream out) throws IOException {
        if (!request.verdict().valid()) {
            write(
                    out,
                    403,
                    List.of("x-amzn-ErrorType: AccessDeniedException"),
                    "{\"Message\":\"Forbidden\"}".getBytes());
        } else {
            write(out, 200, List.of("Content-Type: text/plain"), ("ok " + request.method()).getBytes());
        }
        return true;
    }

    private void write(OutputStream out, int status, List<String> headerLines, byte[] body) throws IOException {
        List<String> lines = new ArrayList<>(headerLines);
        lines.add("Content-Length: " + body.length);
        out.write(head(status, lines));
        out.write(body);
        out.flush();
    }

    private byte[] head(int status, List<String> headerLines) {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " X\r\n");
        head.append("Date: ").append(HTTP_DATE.format(clock.instant())).append("\r\n");
        headerLines.forEach(line -> head.append(line).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                int number = connections.incrementAndGet();
                Thread.ofVirtual().name("scripted-upstream-" + number).start(() -> serve(socket, number));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, int number) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (int served = 1; ; served++) {
                Received request = read(in, number, served);
                if (request == null) {
                    return;
                }
                received.add(request);
                Behaviour behaviour = script.poll();
                if (!(behaviour == null ? ok() : behaviour).act(request, socket, out, this)) {
                    return;
                }
            }
        } catch (IOException e) {
            // The gateway closed the connection: nothing to answer.
        } finally {
            open.remove(socket);
        }
    }

    private @Nullable Received read(InputStream in, int connection, int onConnection) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        int length = 0;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).trim();
            String value = lines[i].substring(colon + 1).trim();
            headers.add(new AbstractMap.SimpleEntry<>(name, value));
            if (name.toLowerCase(Locale.ROOT).equals("content-length")) {
                length = Integer.parseInt(value);
            }
        }
        byte[] body = in.readNBytes(length);
        return new Received(
                connection,
                onConnection,
                requestLine[0],
                requestLine[1],
                headers,
                body,
                verifier.verify(requestLine[0], requestLine[1], headers, body));
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : open) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
