package io.syncflux.server;

import io.syncflux.core.api.SyncfluxException;
import io.syncflux.core.config.HttpConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The rule for an API other machines can reach: it needs an admin password of the operator's own. On a
 * loopback address the defaults ({@code admin}/{@code admin}) stay allowed, as they always were.
 */
final class ExposedApi {
    /** The password of the sample config and of {@link HttpConfig#defaults()}. */
    static final String SAMPLE_PASSWORD = "admin";

    private ExposedApi() {
    }

    /** True when {@code host} names only this machine (127.0.0.0/8, ::1, or a name resolving to them). */
    static boolean loopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    /**
     * Refuses an API listening beyond loopback with an empty admin password or the sample's.
     *
     * @throws SyncfluxException (usage) with one line naming the key to set; the password is not quoted
     */
    static void check(HttpConfig http) {
        if (loopback(http.host())) {
            return;
        }
        String problem = http.adminPasswd().isEmpty() ? "empty"
                : http.adminPasswd().equals(SAMPLE_PASSWORD) ? "the sample's default" : null;
        if (problem != null) {
            throw SyncfluxException.usage("[http] admin-passwd: the API listens on " + http.bindAddr()
                    + ", which other machines can reach, and the admin password is " + problem
                    + ": set admin-passwd (or admin-passwd-file, or the environment variable "
                    + "SYNCFLUX_HTTP_ADMIN_PASSWD) to a password of your own, or bind-addr to 127.0.0.1");
        }
    }
}
