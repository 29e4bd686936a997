package io.syncflux.core.monitor;

import io.syncflux.core.TimeWindow;

import java.time.Instant;
import java.util.Objects;

/**
 * One recovery the state machine asked for: copy {@code window} from master to slave.
 *
 * @param id        increasing number, unique within one state machine
 * @param window    the window the slave owes
 * @param startedAt when the state machine started it (its clock)
 */
public record RecoveryJob(long id, TimeWindow window, Instant startedAt) {
    public RecoveryJob {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
