package io.syncflux.core.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code [http]} section of the HA monitor daemon.
 *
 * @param name        a label for this instance
 * @param bindAddr    {@code host:port} to listen on (default {@code 127.0.0.1:4090})
 * @param adminUser   user required by the action endpoints
 * @param adminPasswd password required by the action endpoints
 * @param cookieId    kept for compatibility with the original's config
 * @param tls         the certificate and key to serve HTTPS with ({@code tls-cert}, {@code tls-key}); null
 *                    serves plain HTTP
 */
public record HttpConfig(String name, String bindAddr, String adminUser, String adminPasswd, String cookieId,
                         Tls tls) {

    /**
     * The API's HTTPS certificate.
     *
     * @param cert PEM file of the server certificate (chain)
     * @param key  PEM file of its private key (PKCS#8, or PKCS#1 RSA, unencrypted)
     */
    public record Tls(Path cert, Path key) {
        public Tls {
            Objects.requireNonNull(cert, "cert");
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * Validates the section; every value but {@code tls} is required (see {@link #defaults()}).
     *
     * @throws NullPointerException when a value is null
     */
    public HttpConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bindAddr, "bindAddr");
        Objects.requireNonNull(adminUser, "adminUser");
        Objects.requireNonNull(adminPasswd, "adminPasswd");
        Objects.requireNonNull(cookieId, "cookieId");
    }

    /** Plain HTTP. */
    public HttpConfig(String name, String bindAddr, String adminUser, String adminPasswd, String cookieId) {
        this(name, bindAddr, adminUser, adminPasswd, cookieId, null);
    }

    /** A copy serving HTTPS with this certificate and key (null: plain HTTP). */
    public HttpConfig withTls(Tls t) {
        return new HttpConfig(name, bindAddr, adminUser, adminPasswd, cookieId, t);
    }

    /** Defaults: loopback on port 4090, admin/admin. */
    public static HttpConfig defaults() {
        return new HttpConfig("syncflux", "127.0.0.1:4090", "admin", "admin", "syncflux");
    }

    /** The host part of {@link #bindAddr()} ({@code 0.0.0.0} when empty). */
    public String host() {
        int i = bindAddr.lastIndexOf(':');
        String h = i < 0 ? bindAddr : bindAddr.substring(0, i);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.isEmpty() ? "0.0.0.0" : h;
    }

    /** The port part of {@link #bindAddr()}. */
    public int port() {
        int i = bindAddr.lastIndexOf(':');
        return Integer.parseInt(bindAddr.substring(i + 1));
    }

    @Override
    public String toString() {
        return "HttpConfig[name=" + name + ", bindAddr=" + bindAddr + ", adminUser=" + adminUser
                + ", adminPasswd=***, cookieId=***" + (tls == null ? "" : ", tls=" + tls) + "]";
    }
}
