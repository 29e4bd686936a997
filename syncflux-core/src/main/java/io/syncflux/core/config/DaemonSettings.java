package io.syncflux.core.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the daemon keeps its logs and its durable state.
 *
 * @param logdir   directory of the logs ({@code logdir})
 * @param loglevel {@code fatal, error, warn, info, debug, trace} ({@code loglevel})
 * @param datadir  directory of the monitor's durable state ({@code datadir})
 */
public record DaemonSettings(Path logdir, String loglevel, Path datadir) {
    /** The defaults: {@code ./log}, {@code info}, {@code ./data}. */
    public static final DaemonSettings DEFAULT = new DaemonSettings(Path.of("./log"), "info", Path.of("./data"));

    /**
     * @throws NullPointerException when a part is null
     */
    public DaemonSettings {
        Objects.requireNonNull(logdir, "logdir");
        Objects.requireNonNull(loglevel, "loglevel");
        Objects.requireNonNull(datadir, "datadir");
    }
}
