package io.syncflux.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small PKI made with the {@code openssl} command, as a user would make one: a CA, a server certificate
 * for {@code 127.0.0.1}/{@code localhost} signed by it, a client certificate signed by it, and a second,
 * unrelated CA (the "wrong" one). Keys are RSA 2048 in PKCS#8, as {@code openssl req -newkey rsa} writes them.
 */
public final class TestCertificates {
    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes the files in {@code dir} (created when missing); takes about a second. */
    public static TestCertificates create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestCertificates c = new TestCertificates(dir);
        c.selfSignedCa("ca", "syncflux test CA");
        c.selfSignedCa("wrong-ca", "some other CA");
        c.signed("server", "127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        c.signed("client", "syncflux client", "extendedKeyUsage=clientAuth\n");
        return c;
    }

    /** The directory holding the files. */
    public Path dir() {
        return dir;
    }

    /** The CA that signed the server and client certificates. */
    public Path ca() {
        return dir.resolve("ca.pem");
    }

    /** A CA that signed nothing here. */
    public Path wrongCa() {
        return dir.resolve("wrong-ca.pem");
    }

    /** The server certificate, for 127.0.0.1 and localhost. */
    public Path serverCert() {
        return dir.resolve("server.pem");
    }

    /** The server certificate's key (PKCS#8). */
    public Path serverKey() {
        return dir.resolve("server.key");
    }

    /** The client certificate. */
    public Path clientCert() {
        return dir.resolve("client.pem");
    }

    /** The client certificate's key (PKCS#8). */
    public Path clientKey() {
        return dir.resolve("client.key");
    }

    private void selfSignedCa(String name, String cn) {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + cn,
                "-keyout", name + ".key", "-out", name + ".pem",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    private void signed(String name, String cn, String extensions) {
        try {
            Files.writeString(dir.resolve(name + ".ext"), extensions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + cn, "-keyout", name + ".key",
                "-out", name + ".csr");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
    }

    /** Runs {@code openssl} in the directory; fails with its output when it exits non-zero. */
    public String openssl(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
