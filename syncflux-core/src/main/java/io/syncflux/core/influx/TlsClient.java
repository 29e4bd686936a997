package io.syncflux.core.influx;

import io.syncflux.core.config.NodeConfig;
import io.syncflux.core.config.NodeTls;
import io.syncflux.core.config.PemFiles;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * The TLS side of a node's OkHttp client: the {@code [[influxdb]]} {@code tls-ca}, {@code insecure-skip-verify},
 * {@code tls-cert} and {@code tls-key} settings, and one-line descriptions of failed handshakes that say which
 * of them to look at.
 */
final class TlsClient {
    private static final Logger LOG = LoggerFactory.getLogger(TlsClient.class);

    /** Accepts every server certificate: only for {@code insecure-skip-verify}. */
    private static final X509TrustManager TRUST_ANY = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // never used on a client
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // insecure-skip-verify: deliberately no check
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    private TlsClient() {
    }

    /**
     * Applies the node's TLS settings to a client builder; with {@link NodeTls#NONE} the builder keeps
     * OkHttp's defaults (the JVM's CAs). Reads the PEM files now.
     *
     * @throws io.syncflux.core.config.ConfigException when a file cannot be read or used
     */
    static void configure(NodeConfig node, OkHttpClient.Builder b) {
        NodeTls tls = node.tls();
        if (!tls.configured()) {
            return;
        }
        String what = "node " + node.name() + " ";
        X509TrustManager trust = tls.insecureSkipVerify() ? TRUST_ANY
                : tls.ca() != null ? PemFiles.trustManager(tls.ca(), what + "tls-ca") : jvmTrust();
        KeyManager[] keys = tls.cert() == null ? null
                : PemFiles.keyManagers(tls.cert(), tls.key(), what + "tls-cert/tls-key");
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, new TrustManager[]{trust}, null);
            b.sslSocketFactory(ctx.getSocketFactory(), trust);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM cannot make a TLS context", e);
        }
        if (tls.insecureSkipVerify()) {
            b.hostnameVerifier((host, handshake) -> true);
            LOG.warn("node {}: insecure-skip-verify is set: the certificate of {} is not checked, so whoever sits "
                    + "between here and the node can read and change what is copied", node.name(), address(node));
        }
    }

    private static X509TrustManager jvmTrust() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM's default trust store cannot be loaded", e);
        }
        throw new IllegalStateException("the JVM offers no X.509 trust manager");
    }

    /**
     * A one-line description of a failed TLS handshake that names the setting to look at, or null when
     * {@code e} is not a TLS failure.
     */
    static String describe(Throwable e, NodeConfig node) {
        String at = address(node);
        NodeTls tls = node.tls();
        if (closedAfterHandshake(e) && node.location().getScheme().equals("https") && tls.cert() == null) {
            // with TLS 1.3 a server that wants a client certificate says so after the handshake: the client
            // mostly sees the connection closed (broken pipe, reset, end of stream) when it sends the request
            return oneLine(e) + " at " + at + " (the server closed the TLS connection; if it asks for a client "
                    + "certificate, set tls-cert and tls-key)";
        }
        if (!(e instanceof SSLException)) {
            return null;
        }
        if (e instanceof SSLPeerUnverifiedException) {
            // OkHttp's own message spans several lines (certificate, DN, subjectAltNames)
            return "TLS: the certificate of " + at + " does not name the host " + node.location().getHost()
                    + ": put a host name or address the certificate names in location, or add it to the certificate";
        }
        if (e instanceof SSLHandshakeException && untrusted(e)) {
            return "TLS: the certificate of " + at + " is not trusted: " + (tls.ca() != null
                    ? "it is not signed by a CA in tls-ca " + tls.ca()
                    : "set tls-ca to the PEM file of the CA that signed it");
        }
        String m = oneLine(e);
        if (m.contains("Unsupported or unrecognized SSL message")) {
            return "TLS: " + at + " does not answer with TLS (is the node on http, not https?)";
        }
        if (m.contains("fatal alert") && (m.contains("certificate") || m.contains("handshake_failure"))) {
            return "TLS: " + at + " refused the handshake (" + m + ")" + (tls.cert() == null
                    ? ": does it ask for a client certificate? set tls-cert and tls-key"
                    : ": does it trust the client certificate in tls-cert " + tls.cert() + "?");
        }
        return "TLS handshake with " + at + " failed: " + m + (tls.cert() == null
                ? " (if the server asks for a client certificate, set tls-cert and tls-key)" : "");
    }

    /** The node's scheme, host and port: never a login a location may carry. */
    private static String address(NodeConfig node) {
        java.net.URI u = node.location();
        // getHost() keeps an IPv6 literal's brackets
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + "/";
    }

    /** An I/O failure on an open connection: not a refused connect, an unknown host, a timeout or TLS itself. */
    private static boolean closedAfterHandshake(Throwable e) {
        return e instanceof java.io.IOException && !(e instanceof SSLException)
                && !(e instanceof java.net.ConnectException) && !(e instanceof java.net.UnknownHostException)
                && !(e instanceof java.io.InterruptedIOException);
    }

    private static boolean untrusted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException
                    || t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
