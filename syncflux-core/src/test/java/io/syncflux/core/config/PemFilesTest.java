package io.syncflux.core.config;

import io.syncflux.core.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PEM files as {@code openssl} writes them, read back into keys and certificates, or refused in one line. */
class PemFilesTest {
    @TempDir
    static Path dir;
    static TestCertificates pki;

    @BeforeAll
    static void makePki() {
        pki = TestCertificates.create(dir.resolve("pki"));
    }

    private static Path openssl(String out, String... args) {
        pki.openssl(args);
        return pki.dir().resolve(out);
    }

    @Test
    void readsTheKeyOpensslReqWritesAndItMatchesItsCertificate() {
        PrivateKey key = PemFiles.privateKey(pki.serverKey(), "t");
        assertThat(key.getAlgorithm()).isEqualTo("RSA");
        RSAPublicKey pub = (RSAPublicKey) PemFiles.certificates(pki.serverCert(), "t").get(0).getPublicKey();
        assertThat(((RSAPrivateCrtKey) key).getModulus()).isEqualTo(pub.getModulus());
        assertThat(PemFiles.keyManagers(pki.serverCert(), pki.serverKey(), "t")).isNotEmpty();
    }

    @Test
    void aPkcs1RsaKeyIsTheSameKeyAsItsPkcs8Form() {
        Path pkcs1 = openssl("server-rsa.key", "rsa", "-in", "server.key", "-traditional", "-out", "server-rsa.key");
        assertThat(Files.exists(pkcs1)).isTrue();
        assertThat(contents(pkcs1)).contains("BEGIN RSA PRIVATE KEY");
        PrivateKey fromPkcs1 = PemFiles.privateKey(pkcs1, "t");
        PrivateKey fromPkcs8 = PemFiles.privateKey(pki.serverKey(), "t");
        assertThat(fromPkcs1.getEncoded()).isEqualTo(fromPkcs8.getEncoded());
        assertThat(PemFiles.keyManagers(pki.serverCert(), pkcs1, "t")).isNotEmpty();
    }

    @Test
    void readsEcAndEd25519KeysFromGenpkey() {
        Path ec = openssl("ec.key", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-out", "ec.key");
        Path ed = openssl("ed.key", "genpkey", "-algorithm", "ED25519", "-out", "ed.key");
        assertThat(PemFiles.privateKey(ec, "t").getAlgorithm()).isEqualTo("EC");
        assertThat(PemFiles.privateKey(ed, "t").getAlgorithm()).isIn("Ed25519", "EdDSA");
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheCommandThatDecryptsIt() {
        Path enc = openssl("enc.key", "pkcs8", "-topk8", "-in", "client.key", "-passout", "pass:secret",
                "-out", "enc.key");
        assertThatThrownBy(() -> PemFiles.privateKey(enc, "[http] tls-key"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("[http] tls-key: " + enc + ": the key is encrypted")
                .hasMessageContaining("openssl pkey -in " + enc);
        Path legacy = openssl("enc-rsa.key", "rsa", "-in", "client.key", "-traditional", "-aes128",
                "-passout", "pass:secret", "-out", "enc-rsa.key");
        assertThatThrownBy(() -> PemFiles.privateKey(legacy, "t")).hasMessageContaining("the key is encrypted");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        assertThatThrownBy(() -> PemFiles.keyManagers(pki.serverCert(), pki.clientKey(), "node a tls-cert/tls-key"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("node a tls-cert/tls-key: " + pki.clientKey())
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void filesWithoutTheExpectedBlockAreRefusedInOneLine() throws IOException {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> PemFiles.certificates(missing, "tls-ca"))
                .hasMessage("tls-ca: " + missing + ": file not found");
        assertThatThrownBy(() -> PemFiles.certificates(pki.serverKey(), "tls-ca"))
                .hasMessageContaining("no certificate in it");
        assertThatThrownBy(() -> PemFiles.privateKey(pki.serverCert(), "tls-key"))
                .hasMessageContaining("no private key in it");
        Path broken = Files.writeString(dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nMIIB%%%not base64\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> PemFiles.certificates(broken, "tls-ca"))
                .isInstanceOf(ConfigException.class).message().doesNotContain("\n");
    }

    @Test
    void aCaBundleIsTrustedWhole() throws IOException {
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, contents(pki.wrongCa()) + "\n" + contents(pki.ca()));
        assertThat(PemFiles.certificates(bundle, "t")).hasSize(2);
        assertThat(PemFiles.trustManager(bundle, "t").getAcceptedIssuers()).hasSize(2);
    }

    private static String contents(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
