package io.syncflux.core.config;

import java.nio.file.Path;

/**
 * How a node on {@code https} is checked and what it is shown: the {@code tls-ca}, {@code insecure-skip-verify},
 * {@code tls-cert} and {@code tls-key} keys of an {@code [[influxdb]]} section. {@link #NONE} (every key unset)
 * means the JVM's default: the server's certificate must be signed by a CA the JVM trusts, no client
 * certificate.
 *
 * @param ca                 PEM file of the CA certificate(s) trusted instead of the JVM's; null for the JVM's
 * @param insecureSkipVerify accept any server certificate and host name (a test setup; logged as a warning)
 * @param cert               PEM file of the client certificate (chain) for mutual TLS; null for none
 * @param key                PEM file of the client certificate's private key (PKCS#8, or PKCS#1 RSA,
 *                           unencrypted); set together with {@code cert}
 */
public record NodeTls(Path ca, boolean insecureSkipVerify, Path cert, Path key) {
    /** The JVM's defaults: nothing set. */
    public static final NodeTls NONE = new NodeTls(null, false, null, null);

    /**
     * Validates the combination; files are read when a node client is made.
     *
     * @throws IllegalArgumentException when only one of cert and key is set, or both ca and insecureSkipVerify
     */
    public NodeTls {
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("tls-cert and tls-key go together: set both or neither");
        }
        if (ca != null && insecureSkipVerify) {
            throw new IllegalArgumentException("set tls-ca or insecure-skip-verify, not both");
        }
    }

    /** Trusts the CA certificate(s) of this PEM file. */
    public static NodeTls trusting(Path caFile) {
        return new NodeTls(java.util.Objects.requireNonNull(caFile, "caFile"), false, null, null);
    }

    /** Accepts any server certificate (logged as a warning when a client is made). */
    public static NodeTls insecure() {
        return new NodeTls(null, true, null, null);
    }

    /** A copy that presents this client certificate and key. */
    public NodeTls withClientCertificate(Path certFile, Path keyFile) {
        return new NodeTls(ca, insecureSkipVerify, certFile, keyFile);
    }

    /** True when any key is set. */
    public boolean configured() {
        return !equals(NONE);
    }
}
