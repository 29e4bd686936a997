package io.syncflux.cli;

import java.util.Locale;

/**
 * Configures slf4j-simple through its system properties. It reads them once, when the first logger
 * is created, so {@link #configure} must run before anything logs; later calls have no effect.
 */
final class Logging {
    private Logging() {
    }

    /** Logs at this level (slf4j-simple names: trace, debug, info, warn, error, off) to stderr. */
    static void configure(String level) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    /** The slf4j-simple level for a config {@code loglevel} (fatal, error, warn, info, debug, trace). */
    static String fromConfig(String loglevel) {
        return switch (loglevel.toLowerCase(Locale.ROOT)) {
            case "panic", "fatal", "error" -> "error";
            case "warn", "warning" -> "warn";
            case "debug" -> "debug";
            case "trace" -> "trace";
            default -> "info";
        };
    }
}
