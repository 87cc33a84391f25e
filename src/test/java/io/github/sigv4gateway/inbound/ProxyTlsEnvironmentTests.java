package io.github.sigv4gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class ProxyTlsEnvironmentTests {

    private final ProxyTlsEnvironment processor = new ProxyTlsEnvironment();

    @Test
    void noCertificate_addsNothing() {
        MockEnvironment environment = new MockEnvironment();

        processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getPropertySources().contains(ProxyTlsEnvironment.PROPERTY_SOURCE))
                .isFalse();
        assertThat(environment.getProperty("server.ssl.bundle")).isNull();
    }

    @Test
    void certificate_servesAReloadedPemBundle_tls12Plus_managementPlain() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("sigv4-gateway.server.tls.certificate", "/etc/tls/tls.crt")
                .withProperty("sigv4-gateway.server.tls.private-key", "/etc/tls/tls.key");

        processor.postProcessEnvironment(environment, new SpringApplication());

        String pem = "spring.ssl.bundle.pem." + ProxyTlsEnvironment.BUNDLE;
        assertThat(environment.getProperty("server.ssl.bundle")).isEqualTo(ProxyTlsEnvironment.BUNDLE);
        assertThat(environment.getProperty(pem + ".keystore.certificate")).isEqualTo("file:/etc/tls/tls.crt");
        assertThat(environment.getProperty(pem + ".keystore.private-key")).isEqualTo("file:/etc/tls/tls.key");
        assertThat(environment.getProperty(pem + ".reload-on-update")).isEqualTo("true");
        assertThat(environment.getProperty(pem + ".options.enabled-protocols")).isEqualTo("TLSv1.3,TLSv1.2");
        assertThat(environment.getProperty("server.ssl.client-auth")).isNull();
        assertThat(environment.getProperty("management.server.ssl.enabled")).isEqualTo("false");
    }

    @Test
    void clientCa_isTheTrustMaterial_andNeedIsTheDefault() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("sigv4-gateway.server.tls.certificate", "/etc/tls/tls.crt")
                .withProperty("sigv4-gateway.server.tls.private-key", "/etc/tls/tls.key")
                .withProperty("sigv4-gateway.server.tls.client-ca", "/etc/ca/ca.crt");

        processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty(
                        "spring.ssl.bundle.pem." + ProxyTlsEnvironment.BUNDLE + ".truststore.certificate"))
                .isEqualTo("file:/etc/ca/ca.crt");
        assertThat(environment.getProperty("server.ssl.client-auth")).isEqualTo("need");
    }

    @Test
    void usersOwnKeys_win() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("sigv4-gateway.server.tls.certificate", "/etc/tls/tls.crt")
                .withProperty("sigv4-gateway.server.tls.private-key", "/etc/tls/tls.key")
                .withProperty("sigv4-gateway.server.tls.client-ca", "/etc/ca/ca.crt")
                .withProperty("sigv4-gateway.server.tls.client-auth", "want")
                .withProperty("management.server.ssl.bundle", "management")
                .withProperty(
                        "spring.ssl.bundle.pem." + ProxyTlsEnvironment.BUNDLE + ".options.enabled-protocols",
                        "TLSv1.3");

        processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("server.ssl.client-auth")).isEqualTo("want");
        assertThat(environment.getProperty("management.server.ssl.enabled")).isNull();
        assertThat(environment.getProperty(
                        "spring.ssl.bundle.pem." + ProxyTlsEnvironment.BUNDLE + ".options.enabled-protocols"))
                .isEqualTo("TLSv1.3");
    }
}
