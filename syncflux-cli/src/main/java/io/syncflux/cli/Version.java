package io.syncflux.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version and commit, from the resource filtered at build time. */
final class Version {
    private Version() {
    }

    /** {@code syncflux 0.1.0 (commit abc1234)}; parts the build did not resolve print as {@code unknown}. */
    static String line() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return "syncflux " + resolved(p.getProperty("version")) + " (commit " + resolved(p.getProperty("commit"))
                + ")";
    }

    private static String resolved(String v) {
        return v == null || v.isBlank() || v.startsWith("${") ? "unknown" : v.trim();
    }
}
