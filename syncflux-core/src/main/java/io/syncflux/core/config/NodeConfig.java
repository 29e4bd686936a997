package io.syncflux.core.config;

import io.syncflux.core.api.GoDuration;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One {@code [[influxdb]]} node.
 *
 * @param release     the InfluxDB release line, {@code 1x}
 * @param name        the node's unique name, referenced by {@code master-db}/{@code slave-db}
 * @param location    base URL, {@code http://host:8086/}
 * @param adminUser   user for basic auth; empty for a node without auth
 * @param adminPasswd password for basic auth; never printed
 * @param timeout     bound of each request to this node (default 10s); 0 means no timeout
 * @param tls         how an {@code https} location is checked and which client certificate it is shown
 *                    (default {@link NodeTls#NONE}: the JVM's CAs, no client certificate); null means NONE
 * @param readTimeout the longest wait for the next bytes of a query's or a write's answer
 *                    ({@code read-timeout}, default {@link #DEFAULT_READ_TIMEOUT}, never less than {@code timeout}):
 *                    a server answering a read of thousands of series prepares them all before it sends a row,
 *                    which on a busy server takes longer than a health check may; null means the default
 */
public record NodeConfig(String release, String name, URI location, String adminUser, String adminPasswd,
                         Duration timeout, NodeTls tls, Duration readTimeout) {

    /** Default of {@code read-timeout}. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Validates the node; null credentials mean none.
     *
     * @throws NullPointerException     when release, name, location or timeout is null
     * @throws IllegalArgumentException when the name is blank, the location is not an http(s) URL with a
     *                                  host or carries credentials ({@code user:password@}), the timeout
     *                                  is negative, or TLS settings are given for an {@code http} location
     */
    public NodeConfig {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        adminUser = adminUser == null ? "" : adminUser;
        adminPasswd = adminPasswd == null ? "" : adminPasswd;
        Objects.requireNonNull(timeout, "timeout");
        if (name.isBlank()) {
            throw new IllegalArgumentException("node name must not be empty");
        }
        if (location.getRawUserInfo() != null || hasUserInfo(location.toString())) {
            // the message must not echo the location: it holds the secret
            throw new IllegalArgumentException("node " + name + ": location " + CREDENTIALS_IN_LOCATION);
        }
        String scheme = location.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || location.getHost() == null) {
            throw new IllegalArgumentException("location \"" + location + "\" is not an http(s) URL");
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative");
        }
        tls = tls == null ? NodeTls.NONE : tls;
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("read-timeout must be positive, got " + GoDuration.format(readTimeout));
        }
        if (tls.configured() && scheme.equals("http")) {
            throw new IllegalArgumentException("TLS settings (tls-ca, insecure-skip-verify, tls-cert, tls-key) "
                    + "need an https location, not http");
        }
    }

    /** A node with the default {@code read-timeout}. */
    public NodeConfig(String release, String name, URI location, String adminUser, String adminPasswd,
                      Duration timeout, NodeTls tls) {
        this(release, name, location, adminUser, adminPasswd, timeout, tls, DEFAULT_READ_TIMEOUT);
    }

    /** A node with the JVM's TLS defaults ({@link NodeTls#NONE}) and the default {@code read-timeout}. */
    public NodeConfig(String release, String name, URI location, String adminUser, String adminPasswd,
                      Duration timeout) {
        this(release, name, location, adminUser, adminPasswd, timeout, NodeTls.NONE);
    }

    /**
     * How long a read of a query's or a write's answer may wait for the next bytes: {@code read-timeout}, or
     * the request bound when that is longer ({@code timeout} 0, no limit, counts as 5 minutes).
     */
    public Duration effectiveReadTimeout() {
        Duration t = requestTimeout();
        return readTimeout.compareTo(t) > 0 ? readTimeout : t;
    }

    /** The bound of a health check and of connecting: {@code timeout}, where 0 (no limit) counts as 5 minutes. */
    public Duration requestTimeout() {
        // timeout 0 means "no limit" in the original; a hung server must still not block forever
        return timeout.isZero() ? Duration.ofMinutes(5) : timeout;
    }

    /** The problem with a location carrying a login, and what to use instead. */
    static final String CREDENTIALS_IN_LOCATION = "must not carry credentials (user:password@host): "
            + "set the node's admin-user and admin-passwd instead";

    /**
     * True when the URL text has an {@code @} in its authority (a login), also when it is not a valid URI:
     * such a location is refused without being quoted.
     */
    static boolean hasUserInfo(String url) {
        int start = url.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int end = url.length();
        for (int i = start; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        return url.substring(start, end).indexOf('@') >= 0;
    }

    /** A node without credentials and a 10 s timeout. */
    public static NodeConfig of(String name, String location) {
        return new NodeConfig("1x", name, URI.create(location), "", "", Duration.ofSeconds(10));
    }

    /** True when requests carry basic auth. */
    public boolean hasCredentials() {
        return !adminUser.isEmpty();
    }

    /** A copy with credentials. */
    public NodeConfig withCredentials(String user, String password) {
        return new NodeConfig(release, name, location, user, password, timeout, tls, readTimeout);
    }

    /** A copy with another timeout. */
    public NodeConfig withTimeout(Duration t) {
        return new NodeConfig(release, name, location, adminUser, adminPasswd, t, tls, readTimeout);
    }

    /** A copy with other TLS settings. */
    public NodeConfig withTls(NodeTls t) {
        return new NodeConfig(release, name, location, adminUser, adminPasswd, timeout, t, readTimeout);
    }

    /** A copy with another {@code read-timeout}. */
    public NodeConfig withReadTimeout(Duration t) {
        return new NodeConfig(release, name, location, adminUser, adminPasswd, timeout, tls, t);
    }

    @Override
    public String toString() {
        return "NodeConfig[name=" + name + ", location=" + location + ", adminUser=" + adminUser
                + ", adminPasswd=***, timeout=" + GoDuration.format(timeout) + ", readTimeout=" + GoDuration.format(readTimeout)
                + (tls.configured() ? ", tls=" + tls : "") + "]";
    }
}
