package io.syncflux.core.config;

import io.syncflux.core.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The TLS keys of {@code [[influxdb]]} and {@code [http]}: read, checked at load, refused in one line. */
class ConfigLoaderTlsTest {
    @TempDir
    static Path dir;
    static TestCertificates pki;

    @BeforeAll
    static void makePki() {
        pki = TestCertificates.create(dir.resolve("pki"));
    }

    private static String node(String location, String... lines) {
        StringBuilder sb = new StringBuilder("[[influxdb]]\n name = \"n1\"\n location = \"" + location + "\"\n");
        for (String l : lines) {
            sb.append(' ').append(l).append('\n');
        }
        return sb.toString();
    }

    private static String q(Path p) {
        return "\"" + p + "\"";
    }

    @Test
    void aConfigWithoutTlsKeysKeepsTheJvmDefaults() {
        SyncfluxConfig c = ConfigLoader.parse(node("https://db.example:8086/"), "t.toml");
        assertThat(c.node("n1").orElseThrow().tls()).isEqualTo(NodeTls.NONE);
        assertThat(c.http().tls()).isNull();
    }

    @Test
    void readsTheNodeKeys() {
        SyncfluxConfig c = ConfigLoader.parse(node("https://127.0.0.1:8086/", "tls-ca = " + q(pki.ca()),
                "tls-cert = " + q(pki.clientCert()), "tls-key = " + q(pki.clientKey())), "t.toml");
        assertThat(c.node("n1").orElseThrow().tls())
                .isEqualTo(new NodeTls(pki.ca(), false, pki.clientCert(), pki.clientKey()));
        SyncfluxConfig skip = ConfigLoader.parse(node("https://127.0.0.1:8086/", "insecure-skip-verify = true"),
                "t.toml");
        assertThat(skip.node("n1").orElseThrow().tls()).isEqualTo(NodeTls.insecure());
    }

    @Test
    void readsTheHttpKeys() {
        SyncfluxConfig c = ConfigLoader.parse("[http]\n bind-addr = \"127.0.0.1:4090\"\n tls-cert = "
                + q(pki.serverCert()) + "\n tls-key = " + q(pki.serverKey()) + "\n", "t.toml");
        assertThat(c.http().tls()).isEqualTo(new HttpConfig.Tls(pki.serverCert(), pki.serverKey()));
    }

    @Test
    void badTlsSettingsFailAtLoadInOneLineNamingTheKey() {
        String p = "config t.toml: [[influxdb]] \"n1\" ";
        assertThatThrownBy(() -> ConfigLoader.parse(node("https://h:1/", "tls-ca = " + q(dir.resolve("no.pem"))),
                "t.toml")).isInstanceOf(ConfigException.class)
                .hasMessage(p + "tls-ca: " + dir.resolve("no.pem") + ": file not found");
        assertThatThrownBy(() -> ConfigLoader.parse(node("https://h:1/", "tls-cert = " + q(pki.clientCert())),
                "t.toml")).hasMessage(p + "tls-key: tls-cert and tls-key go together: set both or neither");
        assertThatThrownBy(() -> ConfigLoader.parse(node("https://h:1/", "tls-ca = " + q(pki.ca()),
                "insecure-skip-verify = true"), "t.toml"))
                .hasMessage(p + "insecure-skip-verify: set tls-ca or insecure-skip-verify, not both");
        assertThatThrownBy(() -> ConfigLoader.parse(node("http://h:1/", "tls-ca = " + q(pki.ca())), "t.toml"))
                .hasMessage(p + "tls-ca: is set but the location is http://, not https://");
        assertThatThrownBy(() -> ConfigLoader.parse(node("https://h:1/", "insecure-skip-verify = \"yes\""),
                "t.toml")).hasMessageContaining("insecure-skip-verify: must be true or false");
        assertThatThrownBy(() -> ConfigLoader.parse(node("https://h:1/", "tls-cert = " + q(pki.clientCert()),
                "tls-key = " + q(pki.serverKey())), "t.toml"))
                .hasMessageStartingWith(p + "tls-cert/tls-key: " + pki.serverKey())
                .hasMessageContaining("does not belong");
        assertThatThrownBy(() -> ConfigLoader.parse("[http]\n tls-cert = " + q(pki.serverCert()) + "\n", "t.toml"))
                .hasMessage("config t.toml: [http] tls-key: tls-cert and tls-key go together: set both to serve "
                        + "HTTPS, or neither");
        assertThatThrownBy(() -> ConfigLoader.parse("[http]\n tls-cert = " + q(pki.ca()) + "\n tls-key = "
                + q(pki.serverKey()) + "\n", "t.toml"))
                .hasMessageStartingWith("config t.toml: [http] tls-cert/tls-key: " + pki.serverKey());
        assertThatThrownBy(() -> ConfigLoader.parse(node("https://h:1/", "tls-cafile = " + q(pki.ca())), "t.toml"))
                .hasMessageContaining("tls-cafile: unknown key");
    }
}
