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
 */
public record NodeConfig(String release, String name, URI location, String adminUser, String adminPasswd,
                         Duration timeout, NodeTls tls) {

    /**
     * Validates the node; null credentials mean none.
     *
     * @throws NullPointerException     when release, name, location or timeout is null
     * @throws IllegalArgumentException when the name is blank, the location is not an http(s) URL with a
     *                                  host, the timeout is negative, or TLS settings are given for an
     *                                  {@code http} location
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
        String scheme = location.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || location.getHost() == null) {
            throw new IllegalArgumentException("location \"" + location + "\" is not an http(s) URL");
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative");
        }
        tls = tls == null ? NodeTls.NONE : tls;
        if (tls.configured() && scheme.equals("http")) {
            throw new IllegalArgumentException("TLS settings (tls-ca, insecure-skip-verify, tls-cert, tls-key) "
                    + "need an https location, not http");
        }
    }

    /** A node with the JVM's TLS defaults ({@link NodeTls#NONE}). */
    public NodeConfig(String release, String name, URI location, String adminUser, String adminPasswd,
                      Duration timeout) {
        this(release, name, location, adminUser, adminPasswd, timeout, NodeTls.NONE);
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
        return new NodeConfig(release, name, location, user, password, timeout, tls);
    }

    /** A copy with another timeout. */
    public NodeConfig withTimeout(Duration t) {
        return new NodeConfig(release, name, location, adminUser, adminPasswd, t, tls);
    }

    /** A copy with other TLS settings. */
    public NodeConfig withTls(NodeTls t) {
        return new NodeConfig(release, name, location, adminUser, adminPasswd, timeout, t);
    }

    @Override
    public String toString() {
        return "NodeConfig[name=" + name + ", location=" + location + ", adminUser=" + adminUser
                + ", adminPasswd=***, timeout=" + GoDuration.format(timeout)
                + (tls.configured() ? ", tls=" + tls : "") + "]";
    }
}
