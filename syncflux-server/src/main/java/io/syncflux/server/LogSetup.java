package io.syncflux.server;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Configures slf4j-simple through its system properties. It reads them once, when the first logger is
 * created, so this must run before any logger of the process exists.
 *
 * <p>slf4j-simple always writes to {@code System.err}, looked up at each line: with a log file,
 * {@code System.err} becomes that {@link LogFile} (appended to, reopened on SIGHUP), since slf4j-simple's
 * own file output truncates at start and cannot be reopened.
 */
final class LogSetup {
    private LogSetup() {
    }

    /** The slf4j-simple level for a config {@code loglevel} (fatal and panic map to error). */
    static String level(String loglevel) {
        return switch (loglevel == null ? "info" : loglevel.trim().toLowerCase(Locale.ROOT)) {
            case "fatal", "panic", "error" -> "error";
            case "warn", "warning" -> "warn";
            case "debug" -> "debug";
            case "trace" -> "trace";
            default -> "info";
        };
    }

    /**
     * @param loglevel the config's {@code loglevel}
     * @param logFile  the main log file, or null for stderr
     * @return the opened log file (now behind {@code System.err}), or null for stderr
     * @throws UncheckedIOException when the log file or its directory cannot be created
     */
    static LogFile configure(String loglevel, Path logFile) {
        set("org.slf4j.simpleLogger.defaultLogLevel", level(loglevel));
        set("org.slf4j.simpleLogger.showDateTime", "true");
        set("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        set("org.slf4j.simpleLogger.showShortLogName", "true");
        set("org.slf4j.simpleLogger.levelInBrackets", "true");
        // the HTTP stack is chatty at info
        set("org.slf4j.simpleLogger.log.io.undertow", "warn");
        set("org.slf4j.simpleLogger.log.org.xnio", "warn");
        set("org.slf4j.simpleLogger.log.org.jboss", "warn");
        set("org.jboss.logging.provider", "slf4j");
        if (logFile != null) {
            try {
                Path dir = logFile.toAbsolutePath().getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create log directory for " + logFile + ": " + e.getMessage(), e);
            }
            LogFile file;
            try {
                file = new LogFile(logFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open log file " + logFile + ": " + e.getMessage(), e);
            }
            set("org.slf4j.simpleLogger.logFile", "System.err");
            set("org.slf4j.simpleLogger.cacheOutputStream", "false");
            System.setErr(new PrintStream(file, true, java.nio.charset.StandardCharsets.UTF_8));
            return file;
        }
        set("org.slf4j.simpleLogger.logFile", "System.err");
        return null;
    }

    private static void set(String key, String value) {
        System.setProperty(key, value);
    }
}
