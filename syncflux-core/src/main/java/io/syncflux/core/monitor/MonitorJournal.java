package io.syncflux.core.monitor;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.journal.JournalState;
import io.syncflux.core.journal.JournalStore;
import io.syncflux.core.journal.RecoveryJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The HA monitor's durable memory: a {@link RecoveryJournal} kept equal to a {@link HaStateMachine}'s
 * {@link HaStateMachine#durable() durable state}, plus a heartbeat. Opening it restores the machine and
 * works out the monitor's own downtime from the last heartbeat. Heartbeats are held back until that
 * downtime was checked ({@link #downtimeChecked()}), so that a second crash before the check still
 * leaves the first downtime to check. A failed write is logged and reported by {@link #problem()};
 * monitoring goes on. Thread-safe.
 */
public final class MonitorJournal {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorJournal.class);

    private final JournalStore journal;
    private JournalState saved;
    private final HaStateMachine machine;
    private final Clock clock;
    private final TimeWindow downtime;
    private final String setAside;
    private final Object lock = new Object();
    private volatile boolean heartbeats;
    private volatile String writeProblem;

    private MonitorJournal(JournalStore journal, JournalState saved, HaStateMachine machine, Clock clock,
                           TimeWindow downtime, String setAside) {
        this.journal = journal;
        this.saved = saved;
        this.machine = machine;
        this.clock = clock;
        this.downtime = downtime;
        this.setAside = setAside;
        this.heartbeats = downtime == null;
    }

    /** No journal: nothing is written, nothing survives a restart. */
    public static MonitorJournal none(HaStateMachine machine) {
        return new MonitorJournal(null, null, Objects.requireNonNull(machine, "machine"), Clock.systemUTC(), null, null);
    }

    /**
     * Opens {@code file} (see {@link RecoveryJournal#open(Path, Clock, String, String)}) and restores
     * {@code machine} from it; call before the machine gets any input.
     *
     * @param checkInterval how long before the last heartbeat the downtime starts (a check may have been missed)
     * @throws io.syncflux.core.api.SyncfluxException when the datadir cannot be used
     */
    public static MonitorJournal open(Path file, HaStateMachine machine, Clock clock, String master, String slave,
                                      Duration checkInterval) {
        return open(RecoveryJournal.open(file, clock, master, slave), machine, clock, checkInterval);
    }

    /**
     * Loads the state from {@code store} and restores {@code machine} from it; call before the machine gets any
     * input.
     *
     * @param checkInterval how long before the last heartbeat the downtime starts (a check may have been missed)
     * @throws RuntimeException when the store cannot be read
     */
    public static MonitorJournal open(JournalStore store, HaStateMachine machine, Clock clock,
                                      Duration checkInterval) {
        Instant now = clock.instant();
        JournalStore j = Objects.requireNonNull(store, "store");
        JournalState s = Objects.requireNonNull(j.load(), "the state a journal store loaded");
        String aside = j.loadProblem();
        machine.restore(s);
        TimeWindow downtime = null;
        if (s.heartbeat() != null) {
            Instant from = s.heartbeat().minus(checkInterval);
            if (from.isBefore(now)) {
                downtime = new TimeWindow(from, now);
                LOG.info("the monitor was down since its last heartbeat at {}: {} will be verified once both nodes"
                        + " answer", s.heartbeat(), downtime);
            }
        }
        return new MonitorJournal(j, s, machine, clock, downtime, aside);
    }

    /** The monitor's own downtime to check, if the journal had a heartbeat. */
    public Optional<TimeWindow> downtime() {
        return Optional.ofNullable(downtime);
    }

    /** Writes the machine's durable state if it changed (snapshot and write in order, never an older one last). */
    public void persist() {
        if (journal == null) {
            return;
        }
        synchronized (lock) {
            JournalState now = machine.durable();
            write(s -> new JournalState(s.heartbeat(), now.openOutages(), now.pending(), now.rejected()));
        }
    }

    /** Writes a heartbeat, unless the downtime is still to be checked. */
    public void heartbeat() {
        if (journal != null && heartbeats) {
            write(s -> s.withHeartbeat(clock.instant()));
        }
    }

    /** The downtime was checked: heartbeats start (one is written now). */
    public void downtimeChecked() {
        heartbeats = true;
        heartbeat();
    }

    /** A one-line report of a journal set aside at open or of the last failed write, or null. */
    public String problem() {
        return setAside != null ? setAside : writeProblem;
    }

    private void write(UnaryOperator<JournalState> change) {
        try {
            synchronized (lock) {
                JournalState next = change.apply(saved);
                if (!next.equals(saved)) {
                    journal.save(next);
                    saved = next;
                }
            }
            writeProblem = null;
        } catch (RuntimeException e) {
            writeProblem = e.getMessage() != null ? e.getMessage() : e.toString();
            LOG.error("{}", e.getMessage());
        }
    }
}
