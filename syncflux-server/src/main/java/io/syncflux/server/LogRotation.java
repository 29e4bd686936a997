package io.syncflux.server;

import org.slf4j.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;

/**
 * Log rotation by signal: on SIGHUP the daemon reopens {@code syncflux.log} and {@code http_access.log}
 * at their paths, so that a rotation that moved them away ({@code logrotate}'s default, then
 * {@code postrotate} sending SIGHUP) leaves the old files complete and the new lines in new files.
 * Installed only when logging to files; without it SIGHUP stops the JVM, as it always did.
 */
final class LogRotation {
    private LogRotation() {
    }

    /**
     * Reopens the log files on each SIGHUP. A file that cannot be reopened is logged and the old one is
     * kept in use.
     *
     * @throws IllegalArgumentException when the platform has no SIGHUP (the daemon then runs without it)
     */
    static void onSighup(LogFile logFile, SyncfluxServer server, Logger log) {
        try {
            SignalHandler old = Signal.handle(new Signal("HUP"), sig -> {
                try {
                    logFile.reopen();
                    server.reopenAccessLog();
                    log.info("SIGHUP: log files reopened");
                } catch (IOException | RuntimeException e) {
                    log.error("SIGHUP: cannot reopen the log files, writing on to the old ones: {}", e.toString());
                }
            });
            if (old == SignalHandler.SIG_IGN) {
                // the JVM keeps a signal ignored that the process started with ignored, and installs nothing
                log.warn("SIGHUP is ignored in this process (started under nohup?): the log files are not reopened"
                        + " on SIGHUP; start the daemon without nohup, or rotate its logs with copytruncate");
            }
        } catch (IllegalArgumentException e) {
            log.warn("no SIGHUP on this platform: log files are not reopened on a signal ({})", e.getMessage());
        }
    }
}
