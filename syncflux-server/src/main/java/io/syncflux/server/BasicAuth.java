package io.syncflux.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** HTTP basic authentication against one configured user, compared in constant time. */
final class BasicAuth {
    private final byte[] user;
    private final byte[] password;

    BasicAuth(String user, String password) {
        this.user = user.getBytes(StandardCharsets.UTF_8);
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    /** True when the {@code Authorization} header value carries exactly the configured credentials. */
    boolean accepts(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = -1;
        for (int i = 0; i < decoded.length; i++) {
            if (decoded[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            return false;
        }
        byte[] u = java.util.Arrays.copyOfRange(decoded, 0, colon);
        byte[] p = java.util.Arrays.copyOfRange(decoded, colon + 1, decoded.length);
        // both comparisons always run, so timing does not tell which part was wrong
        boolean userOk = MessageDigest.isEqual(u, user);
        boolean passwordOk = MessageDigest.isEqual(p, password);
        return userOk & passwordOk;
    }
}
