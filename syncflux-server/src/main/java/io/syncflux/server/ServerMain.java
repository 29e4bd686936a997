package io.syncflux.server;

import io.syncflux.core.config.SyncfluxConfig;

import java.nio.file.Path;

/** Placeholder for the HA monitor daemon's entry point; replaced by the real implementation. */
public final class ServerMain {
    private ServerMain() {
    }

    /** Runs the HA monitor until stopped and returns the exit code; this placeholder returns 2. */
    public static int run(SyncfluxConfig config, Path logDir, boolean logToFile, Path pidFile) {
        System.err.println("syncflux: hamonitor not built yet");
        return 2;
    }
}
