package io.github.sigv4gateway.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sigv4gateway.emulator.CredentialStore;
import io.github.sigv4gateway.emulator.FunctionUrlEmulator;
import io.github.sigv4gateway.server.SingleWriteHttpHandler;
import io.github.sigv4gateway.testsupport.RawHttp;
import io.github.sigv4gateway.testsupport.RunningGateway;
import io.github.sigv4gateway.upstream.EventLoopLocalConnectionProvider;
import io.github.sigv4gateway.upstream.GatewayHttpClientFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * Every replacement of a Netty or SCG default switched off at once: the gateway runs on the defaults it replaced
 * and still signs every request shape correctly, so each replacement can be ruled in or out by measurement.
 */
class TuningSwitchesIntegrationTests {

    private static FunctionUrlEmulator emulator;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        emulator = FunctionUrlEmulator.builder()
                .credentials(new CredentialStore().add("AKIDTUNING", "tuning/Secret", "arn:aws:iam::1:user/t"))
                .start();
        gateway = RunningGateway.signingFor(
                emulator.baseUri(),
                "AKIDTUNING",
                "tuning/Secret",
                "--sigv4-gateway.tuning.single-write=false",
                "--sigv4-gateway.tuning.per-loop-connection-pools=false",
                "--sigv4-gateway.tuning.copy-free-hop-by-hop-filter=false",
                "--sigv4-gateway.tuning.fixed-target-urls=false");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        emulator.close();
    }

    @Test
    void everyReplacementSwitchedOff_runsOnTheDefaults() {
        assertThat(gateway.context().getBean(HttpClientFactory.class))
                .isInstanceOfSatisfying(
                        GatewayHttpClientFactory.class,
                        factory -> assertThat(factory.connectionProvider().pooled())
                                .as("SCG's own pool, retries still on a fresh connection")
                                .isNotInstanceOf(EventLoopLocalConnectionProvider.class));
        assertThat(gateway.context().getBean(RemoveHopByHopHeadersFilter.class).getClass())
                .isEqualTo(RemoveHopByHopHeadersFilter.class);
        assertThat(gateway.context().getBean(HttpHandler.class))
                .extracting("delegate")
                .isNotInstanceOf(SingleWriteHttpHandler.class);
    }

    @Test
    void everyReplacementSwitchedOff_requestsAreStillSignedAsSent() {
        RawHttp.Reply get = RawHttp.exchange(
                gateway.port(),
                "GET /a/../b%2Fc?q=John+Smith&x=1%2B2 HTTP/1.1\r\nHost: client\r\nConnection: close\r\n\r\n",
                5000);
        assertThat(get.status()).as(get.text()).isEqualTo(200);
        assertThat(emulator.lastRequest().accepted()).isTrue();
        assertThat(emulator.lastRequest().rawTarget()).isEqualTo("/b%2Fc?q=John+Smith&x=1%2B2");

        RawHttp.Reply post = RawHttp.exchange(
                gateway.port(),
                "POST /p HTTP/1.1\r\nHost: client\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                        + "5\r\nhello\r\n0\r\n\r\n",
                5000);
        assertThat(post.status()).as(post.text()).isEqualTo(200);
        assertThat(emulator.lastRequest().accepted()).isTrue();
        assertThat(emulator.lastRequest().body()).asString().isEqualTo("hello");
    }
}
