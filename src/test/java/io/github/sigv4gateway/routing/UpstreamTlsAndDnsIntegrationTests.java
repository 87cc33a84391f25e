package io.github.sigv4gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.answers.GatewayAnswer;
import io.github.sigv4gateway.testsupport.NxDomainDns;
import io.github.sigv4gateway.testsupport.RouteArgs;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.github.sigv4gateway.testsupport.Scrape;
import io.github.sigv4gateway.testsupport.TlsUpstream;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The target's TLS and DNS failures, on real sockets: an untrusted certificate, a certificate for another name, a
 * server that does not speak TLS, and a host name that does not resolve each get a 502 with a reason of their own,
 * within a second, and are not sent again (trying again cannot fix them). HTTPS to a trusted certificate works. The
 * gateway's resolver asks a DNS server on 127.0.0.1 that answers NXDOMAIN, so no packet leaves the machine.
 */
class UpstreamTlsAndDnsIntegrationTests {

    @TempDir
    static Path certificates;

    private static TlsUpstream trusted;
    private static TlsUpstream untrusted;
    private static TlsUpstream otherName;
    private static ServerSocket plainText;
    private static NxDomainDns dns;
    private static RunningGateway gateway;
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Points the gateway's resolver at the local NXDOMAIN server. */
    @Configuration(proxyBeanMethods = false)
    static class LocalDns {
        @Bean
        HttpClientCustomizer localDns() {
            return client -> client.resolver(spec -> spec.searchDomains(List.of())
                    .dnsAddressResolverGroupProvider(builder -> new DnsAddressResolverGroup(
                            builder.nameServerProvider(new SingletonDnsServerAddressStreamProvider(dns.address())))));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        trusted = new TlsUpstream(certificates, "trusted", "dns:localhost,ip:127.0.0.1");
        untrusted = new TlsUpstream(certificates, "untrusted", "dns:localhost,ip:127.0.0.1");
        otherName = new TlsUpstream(certificates, "elsewhere", "dns:elsewhere.example");
        plainText = new ServerSocket(0);
        Thread.ofVirtual().start(UpstreamTlsAndDnsIntegrationTests::answerPlainText);
        dns = new NxDomainDns();
        List<String> args = new ArrayList<>(List.of(
                "--spring.cloud.gateway.server.webflux.httpclient.ssl.trusted-x509-certificates[0]=file:"
                        + trusted.certificate(),
                "--spring.cloud.gateway.server.webflux.httpclient.ssl.trusted-x509-certificates[1]=file:"
                        + otherName.certificate(),
                "--sigv4-gateway.region=us-east-1",
                "--sigv4-gateway.service=lambda",
                "--sigv4-gateway.credentials.default.type=static",
                "--sigv4-gateway.credentials.default.access-key-id=AKIDTLSTEST",
                "--sigv4-gateway.credentials.default.secret-access-key=tls/Secret"));
        route(args, 0, "trusted", "https://localhost:" + trusted.port());
        route(args, 1, "untrusted", "https://localhost:" + untrusted.port());
        route(args, 2, "wrongname", "https://localhost:" + otherName.port());
        route(args, 3, "plaintext", "https://localhost:" + plainText.getLocalPort());
        route(args, 4, "unresolved", "https://fn.nowhere.invalid");
        gateway = RunningGateway.startWith(List.of(LocalDns.class), args.toArray(String[]::new));
    }

    private static void route(List<String> args, int index, String id, String target, String... keys) {
        args.addAll(RouteArgs.route(index, id, target, keys));
    }

    /** Answers whatever arrives, a TLS ClientHello included, as a plain HTTP server would: a 400 and a close. */
    private static void answerPlainText() {
        while (!plainText.isClosed()) {
            try (Socket socket = plainText.accept()) {
                socket.getInputStream().read(new byte[1024]);
                socket.getOutputStream()
                        .write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
            } catch (Exception e) {
                // closed at the end of the test, or the gateway gave up first
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        trusted.close();
        untrusted.close();
        otherName.close();
        plainText.close();
        dns.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "trusted, 200, ",
        "untrusted, 502, upstream-tls-certificate",
        "wrongname, 502, upstream-tls-certificate",
        "plaintext, 502, upstream-tls-handshake",
        "unresolved, 502, upstream-unresolved"
    })
    void eachFailure_hasItsReason_withinASecond_andIsNotSentAgain(String route, int status, String reason)
            throws Exception {
        send(route); // the first request of a route also loads its classes and builds its TLS context
        long start = System.nanoTime();
        HttpResponse<String> response = send(route);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        if (reason == null) {
            assertThat(response.body()).isEqualTo("secure");
            return;
        }
        assertThat(response.headers().firstValue(GatewayAnswer.MARKER_HEADER)).contains(reason);
        assertThat(response.body()).contains("\"route\":\"" + route + "\"");
        assertThat(millis).as("answered when it fails, not after a timeout").isLessThan(1000);
        assertThat(Scrape.of(gateway).samples("sigv4_gateway_upstream_retries_total").stream()
                        .filter(s -> route.equals(s.labels().get("route"))))
                .as("trying again cannot fix a name or a certificate")
                .isEmpty();
        if ("unresolved".equals(route)) {
            assertThat(dns.queries()).as("asked the local DNS, nothing else").isPositive();
        }
    }

    private static HttpResponse<String> send(String route) throws Exception {
        return http.send(
                HttpRequest.newBuilder(gateway.uri("/" + route + "/x"))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
