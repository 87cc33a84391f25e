package io.github.sigv4gateway.testsupport;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * A transparent HTTP tap in front of the STS peer (moto): forwards every call unchanged, counts calls per STS
 * action at the peer, and reports each set of credentials STS issued (with the caller's access key id), so the
 * function-URL emulator can verify signatures made with them.
 */
public final class StsTap implements AutoCloseable {

    /**
     * Credentials STS handed out.
     *
     * @param action STS action, e.g. GetSessionToken
     * @param callerAccessKeyId the key that signed the STS call ({@code null} for web identity)
     * @param accessKeyId issued key id
     * @param secretAccessKey issued secret
     * @param sessionToken issued token
     * @param expiration expiry STS stated
     */
    public record Issued(
            String action,
            String callerAccessKeyId,
            String accessKeyId,
            String secretAccessKey,
            String sessionToken,
            Instant expiration) {}

    private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z]+)");
    private static final Pattern CALLER = Pattern.compile("Credential=([A-Z0-9]+)/");

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<String> requestBodies = new CopyOnWriteArrayList<>();
    private final List<Issued> issued = new CopyOnWriteArrayList<>();
    private final List<Consumer<Issued>> listeners = new CopyOnWriteArrayList<>();
    private final DisposableServer server;
    private volatile java.time.Duration lifetime;

    public StsTap(URI peer) {
        HttpClient client = HttpClient.create().baseUrl(peer.toString());
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> request.receive()
                        .aggregate()
                        .asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .flatMap(body -> {
                            String action = find(ACTION, body);
                            String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
                            String caller = authorization == null ? null : find(CALLER, authorization);
                            calls.computeIfAbsent(action == null ? "?" : action, k -> new AtomicInteger())
                                    .incrementAndGet();
                            requestBodies.add(body);
                            return client.headers(h -> h.set(request.requestHeaders()))
                                    .request(request.method())
                                    .uri(request.uri())
                                    .send((req, out) -> out.sendString(Mono.just(body)))
                                    .responseSingle((peerResponse, content) -> content.asString(StandardCharsets.UTF_8)
                                            .defaultIfEmpty("")
                                            .map(peerText -> {
                                                String text = shorten(peerText);
                                                record(action, caller, text);
                                                response.status(peerResponse.status());
                                                response.headers(peerResponse
                                                        .responseHeaders()
                                                        .copy()
                                                        .remove(HttpHeaderNames.CONTENT_LENGTH)
                                                        .remove(HttpHeaderNames.TRANSFER_ENCODING));
                                                return text;
                                            }));
                        })
                        .onErrorResume(e -> {
                            response.status(502);
                            return Mono.just("peer unreachable");
                        })
                        .flatMap(text -> response.sendString(Mono.just(text)).then()))
                .bindNow();
    }

    /**
     * Makes every set of credentials from now on expire {@code lifetime} after issue, by rewriting the
     * {@code Expiration} STS states (STS itself never issues less than 15 minutes): a fault injected on the wire,
     * so outage tests need not wait a quarter of an hour.
     */
    public void shortenLifetime(java.time.Duration lifetime) {
        this.lifetime = lifetime;
    }

    private String shorten(String xml) {
        java.time.Duration shortened = lifetime;
        String expiration = tag(xml, "Expiration");
        if (shortened == null || expiration == null) {
            return xml;
        }
        return xml.replace(
                "<Expiration>" + expiration + "</Expiration>",
                "<Expiration>" + Instant.now().plus(shortened) + "</Expiration>");
    }

    private void record(String action, String caller, String xml) {
        String key = tag(xml, "AccessKeyId");
        String secret = tag(xml, "SecretAccessKey");
        String token = tag(xml, "SessionToken");
        String expiration = tag(xml, "Expiration");
        if (key != null && secret != null && token != null && expiration != null) {
            Issued credentials = new Issued(action, caller, key, secret, token, Instant.parse(expiration));
            issued.add(credentials);
            listeners.forEach(l -> l.accept(credentials));
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** Calls of {@code action} that reached the tap (and so the peer). */
    public int calls(String action) {
        AtomicInteger count = calls.get(action);
        return count == null ? 0 : count.get();
    }

    /** Form bodies of the STS calls seen, in order (they carry web identity tokens, never secret keys). */
    public List<String> requestBodies() {
        return List.copyOf(requestBodies);
    }

    public List<Issued> issued() {
        return List.copyOf(issued);
    }

    /** Called for every set of credentials STS issues from now on. */
    public void onIssued(Consumer<Issued> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static String tag(String xml, String name) {
        int start = xml.indexOf("<" + name + ">");
        int end = xml.indexOf("</" + name + ">");
        return start < 0 || end < start
                ? null
                : xml.substring(start + name.length() + 2, end).trim();
    }
}
