package io.syncflux.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TLS example of docs/operations.md runs as written: its {@code openssl} commands make a CA and a node
 * certificate that SyncFlux reads, that the CA file trusts, and that names the host and address the example gives.
 */
class TlsDocExampleTest {
    @TempDir
    Path dir;

    /** The bash block that follows the "**Example**: a private CA" line of docs/operations.md. */
    static String exampleScript() throws IOException {
        String doc = Files.readString(repoRoot().resolve("docs/operations.md"));
        int at = doc.indexOf("**Example**: a private CA");
        assertThat(at).as("docs/operations.md has the TLS example").isPositive();
        int start = doc.indexOf("```bash\n", at) + "```bash\n".length();
        return doc.substring(start, doc.indexOf("```", start));
    }

    /** The repository's root: the first directory at or above the module's that holds docs/operations.md. */
    private static Path repoRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docs/operations.md"))) {
                return d;
            }
        }
        throw new IllegalStateException("no docs/operations.md at or above " + Path.of("").toAbsolutePath());
    }

    @Test
    void theOpensslCommandsMakeACertificateTheCaFileTrusts() throws Exception {
        Process p = new ProcessBuilder("bash", "-euc", exampleScript()).directory(dir.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        List<X509Certificate> chain = PemFiles.certificates(dir.resolve("db1.pem"), "t");
        assertThat(PemFiles.keyManagers(dir.resolve("db1.pem"), dir.resolve("db1.key"), "t")).isNotEmpty();
        PemFiles.trustManager(dir.resolve("ca.pem"), "t").checkServerTrusted(chain.toArray(new X509Certificate[0]),
                "RSA");
        List<Object> names = chain.get(0).getSubjectAlternativeNames().stream().map(l -> (Object) l.get(1)).toList();
        assertThat(names).containsExactlyInAnyOrder("db1.example.com", "10.0.0.11");
    }
}
