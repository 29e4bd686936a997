package io.syncflux.core.config;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLS material from PEM files, as {@code openssl} writes them: certificates ({@code BEGIN CERTIFICATE}, one
 * or a chain), unencrypted private keys in PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC, Ed25519) or
 * RSA's PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). An encrypted key or another format is refused with the
 * {@code openssl} command that converts it. Every problem is a {@link ConfigException} whose one-line
 * message starts with the caller's name of the setting and the file. Stateless; the JDK's own TLS classes
 * do the rest, so no other library is needed.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** DER of the AlgorithmIdentifier {rsaEncryption, NULL}, to wrap a PKCS#1 key into PKCS#8. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final char[] NO_PASSWORD = new char[0];

    private PemFiles() {
    }

    /**
     * The certificates of a PEM file, in file order.
     *
     * @param what the setting for messages, e.g. {@code [[influxdb]] "influx01" tls-ca}
     * @throws ConfigException when the file cannot be read or holds no valid certificate
     */
    public static List<X509Certificate> certificates(Path file, String what) {
        String text = read(file, what);
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                if (m.group(1).equals("CERTIFICATE")) {
                    byte[] der = base64(m.group(2), file, what);
                    out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(der)));
                }
            }
        } catch (CertificateException e) {
            throw error(what, file, "not a valid certificate (" + firstLine(e) + ")");
        }
        if (out.isEmpty()) {
            throw error(what, file, "no certificate in it (expected a PEM block -----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /**
     * The private key of a PEM file: PKCS#8 ({@code openssl genpkey}, {@code openssl req -newkey}) or
     * PKCS#1 RSA ({@code openssl genrsa -traditional}), unencrypted.
     *
     * @throws ConfigException when the file cannot be read, holds no key, or holds a key in another format
     */
    public static PrivateKey privateKey(Path file, String what) {
        String text = read(file, what);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String label = m.group(1);
            String body = m.group(2);
            switch (label) {
                case "PRIVATE KEY" -> {
                    return pkcs8(base64(body, file, what), file, what);
                }
                case "RSA PRIVATE KEY" -> {
                    if (body.contains(":")) {
                        throw encrypted(what, file);
                    }
                    return pkcs8(pkcs1ToPkcs8(base64(body, file, what)), file, what);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted(what, file);
                default -> {
                    if (label.endsWith("PRIVATE KEY")) {
                        throw error(what, file, "a \"" + label + "\" is not supported: convert it to PKCS#8 with "
                                + "openssl pkey -in " + file + " -out key.pem");
                    }
                }
            }
        }
        throw error(what, file, "no private key in it (expected a PEM block -----BEGIN PRIVATE KEY-----)");
    }

    /**
     * A trust manager that trusts exactly the certificates of a PEM file (a CA, or several), instead of
     * the JVM's default CAs.
     */
    public static X509TrustManager trustManager(Path caFile, String what) {
        List<X509Certificate> cas = certificates(caFile, what);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                ks.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw error(what, caFile, "the JVM offers no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw error(what, caFile, "cannot be used as trusted CAs (" + firstLine(e) + ")");
        }
    }

    /**
     * Key managers that present the certificate (chain) of {@code certFile} with the key of
     * {@code keyFile}; the key must belong to the first certificate.
     *
     * @param what the settings for messages, e.g. {@code [http] tls-cert/tls-key}
     */
    public static KeyManager[] keyManagers(Path certFile, Path keyFile, String what) {
        List<X509Certificate> chain = certificates(certFile, what);
        PrivateKey key = privateKey(keyFile, what);
        requireMatch(chain.get(0), key, keyFile, what);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("key", key, NO_PASSWORD, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, NO_PASSWORD);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw error(what, certFile, "cannot be used with " + keyFile + " (" + firstLine(e) + ")");
        }
    }

    /** A server-side TLS context presenting the certificate and key of these files. */
    public static SSLContext serverContext(Path certFile, Path keyFile, String what) {
        KeyManager[] km = keyManagers(certFile, keyFile, what);
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(km, null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw error(what, certFile, "cannot start TLS (" + firstLine(e) + ")");
        }
    }

    /** A key that does not belong to the certificate would only fail later, in a handshake far from here. */
    private static void requireMatch(X509Certificate cert, PrivateKey key, Path keyFile, String what) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (alg == null) {
            return;
        }
        byte[] probe = "syncflux key check".getBytes(StandardCharsets.US_ASCII);
        boolean ok;
        try {
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            ok = v.verify(sig);
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) {
            throw error(what, keyFile, "this key does not belong to the certificate " + cert.getSubjectX500Principal());
        }
    }

    private static PrivateKey pkcs8(byte[] der, Path file, String what) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String alg : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS", "DSA")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next algorithm
            }
        }
        throw error(what, file, "not a supported private key (RSA, EC or Ed25519 in PKCS#8)");
    }

    /** PKCS#8 PrivateKeyInfo {version 0, rsaEncryption, OCTET STRING pkcs1} around a PKCS#1 RSA key. */
    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        inner.writeBytes(new byte[]{0x02, 0x01, 0x00});
        inner.writeBytes(RSA_ALGORITHM);
        inner.write(0x04);
        derLength(inner, pkcs1.length);
        inner.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        derLength(out, inner.size());
        out.writeBytes(inner.toByteArray());
        return out.toByteArray();
    }

    private static void derLength(ByteArrayOutputStream out, int len) {
        if (len < 0x80) {
            out.write(len);
            return;
        }
        int bytes = len < 0x100 ? 1 : len < 0x10000 ? 2 : len < 0x1000000 ? 3 : 4;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((len >>> (8 * i)) & 0xff);
        }
    }

    private static ConfigException encrypted(String what, Path file) {
        return error(what, file, "the key is encrypted: give an unencrypted copy (openssl pkey -in " + file
                + " -out key.pem) readable only by the service");
    }

    private static byte[] base64(String body, Path file, String what) {
        try {
            return Base64.getMimeDecoder().decode(body.trim());
        } catch (IllegalArgumentException e) {
            throw error(what, file, "broken PEM block (" + e.getMessage() + ")");
        }
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw error(what, file, "file not found");
        } catch (IOException e) {
            throw error(what, file, "cannot read (" + firstLine(e) + ")");
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static ConfigException error(String what, Path file, String problem) {
        return new ConfigException(what + ": " + file + ": " + problem);
    }
}
