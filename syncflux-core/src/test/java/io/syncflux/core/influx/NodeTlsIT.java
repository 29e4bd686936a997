package io.syncflux.core.influx;

import io.syncflux.core.config.NodeConfig;
import io.syncflux.core.config.NodeTls;
import io.syncflux.core.testing.ClientCertProxy;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code influxd} serving HTTPS only, with a certificate signed by a CA the test makes with
 * {@code openssl}: the node is reached when its CA is given, refused with one line naming the setting when
 * another CA (or the JVM's) is, and reached without checks when {@code insecure-skip-verify} says so.
 */
class NodeTlsIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("secure01").https("secure01");

    private static NodeConfig node(NodeTls tls) {
        return INFLUX.node(0).nodeConfig().withTls(tls);
    }

    private static NodeHealth check(NodeConfig c) {
        try (InfluxNode n = InfluxNode.connect(c)) {
            return n.check(Clock.systemUTC());
        }
    }

    @Test
    void theRightCaReachesTheNodeAndDataRoundTrips() {
        TestCertificates pki = INFLUX.certificates();
        try (InfluxNode n = InfluxNode.connect(node(NodeTls.trusting(pki.ca())))) {
            assertThat(n.check(Clock.systemUTC()).ok()).isTrue();
            n.execute("CREATE DATABASE tls");
            n.write("tls", "autogen", "cpu,host=a v=42i 1000000000123");
            List<Object> values = new ArrayList<>();
            n.query("tls", "SELECT v FROM cpu", s -> s.rows().forEach(r -> values.add(r[1])));
            assertThat(values).containsExactly(42L);
        }
        // and the point is on the server, read by another client
        assertThat(INFLUX.node(0).query("tls", "SELECT v FROM cpu")).contains("42");
    }

    @Test
    void aWrongCaFailsWithOneLineNamingTheSetting() {
        TestCertificates pki = INFLUX.certificates();
        NodeHealth h = check(node(NodeTls.trusting(pki.wrongCa())));
        assertThat(h.ok()).isFalse();
        assertThat(h.reason()).isEqualTo(NodeException.Reason.TLS);
        assertThat(h.error()).contains("secure01").contains("not trusted").contains("tls-ca")
                .contains(pki.wrongCa().toString()).doesNotContain("\n").doesNotContain("PKIX")
                .doesNotContain("sun.security");
    }

    @Test
    void withoutACaTheJvmDefaultsRefuseAPrivateCa() {
        NodeHealth h = check(node(NodeTls.NONE));
        assertThat(h.ok()).isFalse();
        assertThat(h.error()).contains("not trusted").contains("set tls-ca").doesNotContain("\n");
    }

    @Test
    void insecureSkipVerifyReachesTheNodeWithoutACa() {
        NodeHealth h = check(node(NodeTls.insecure()));
        assertThat(h.ok()).as(h.error()).isTrue();
    }

    @Test
    void aPlainHttpLocationOnAnHttpsPortIsNotTakenForAnAnswer() {
        NodeConfig plain = NodeConfig.of("secure01", "http://127.0.0.1:" + INFLUX.node(0).httpPort() + "/");
        NodeHealth h = check(plain);
        assertThat(h.ok()).isFalse();
        assertThat(h.error()).contains("secure01").doesNotContain("\n");
    }

    @Test
    void aClientCertificateIsPresentedToAServerThatDemandsOne() {
        TestCertificates pki = INFLUX.certificates();
        try (ClientCertProxy proxy = ClientCertProxy.start(INFLUX.node(0), pki)) {
            NodeConfig front = NodeConfig.of("secure01", proxy.url());
            NodeHealth without = check(front.withTls(NodeTls.trusting(pki.ca())));
            assertThat(without.ok()).isFalse();
            assertThat(without.error()).contains("set tls-cert and tls-key").doesNotContain("\n");

            NodeTls mutual = NodeTls.trusting(pki.ca()).withClientCertificate(pki.clientCert(), pki.clientKey());
            NodeHealth with = check(front.withTls(mutual));
            assertThat(with.ok()).as(with.error()).isTrue();
            assertThat(with.version()).startsWith("1.");
        }
    }
}
