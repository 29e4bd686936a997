package io.syncflux.cli;

import io.syncflux.core.config.SyncfluxConfig;
import io.syncflux.server.ServerMain;

import java.nio.file.Path;

/** {@code -action hamonitor} (the default): hands over to the daemon in syncflux-server. */
final class HaMonitorAction {
    private HaMonitorAction() {
    }

    /** Blocks until the daemon stops; returns its exit code. */
    static int run(SyncfluxConfig config, CliArgs a) {
        Path logDir = a.logs != null ? Path.of(a.logs) : config.general().logdir();
        Path pidFile = a.pidfile != null ? Path.of(a.pidfile) : null;
        return ServerMain.run(config, logDir, a.logmode.equals("file"), pidFile);
    }
}
