package io.syncflux.core.monitor;

import io.syncflux.core.api.GoDuration;
import io.syncflux.core.api.Selection;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.CopySettings;
import io.syncflux.core.config.InitialReplication;
import io.syncflux.core.copy.ChunkedCopier;
import io.syncflux.core.event.Listeners;
import io.syncflux.core.event.MonitorListener;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.SchemaReport;
import io.syncflux.core.schema.SchemaReplicator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * The HA monitor's {@code initial-replication}, run once both nodes have answered. Whatever it could
 * not replicate is owed to the slave as a recovery (master to slave), never only logged:
 * <ul>
 *   <li>a schema replication that failed or stayed incomplete owes the window since the monitor started
 *   (minus the margin): the recovery refreshes the schema first, then copies what the relay's writes to
 *   the missing databases lost;</li>
 *   <li>a data copy that threw or skipped a database owes the whole replication window ({@code
 *   max-retention-interval} back from now); one that failed for some ranges owes the span of those
 *   ranges.</li>
 * </ul>
 */
public final class StartupReplication {
    private static final Logger LOG = LoggerFactory.getLogger(StartupReplication.class);

    private final HaStateMachine machine;
    private final InitialReplication mode;
    private final CopySettings copy;
    private final Clock clock;
    private final MonitorListener listener;
    private final RecoveryRunner runner;

    /**
     * @param machine  the state machine the failed parts are owed to
     * @param mode     what to replicate ({@code initial-replication})
     * @param copy     how the data is copied, and how far back ({@code max-retention-interval})
     * @param clock    source of "now"
     * @param listener receives {@link MonitorListener#initialReplicationDone}
     * @param runner   the monitor's recovery runner, so that stopping the monitor cancels the copy
     */
    public StartupReplication(HaStateMachine machine, InitialReplication mode, CopySettings copy, Clock clock,
                              MonitorListener listener,
                       RecoveryRunner runner) {
        this.machine = machine;
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        this.copy = java.util.Objects.requireNonNull(copy, "copy");
        this.clock = clock;
        this.listener = listener;
        this.runner = runner;
    }

    /**
     * Replicates what {@code initial-replication} asks for and owes what failed.
     *
     * @param since   the start of what the slave may lack when its schema is incomplete (the monitor's
     *                start minus the margin)
     * @param stopped true once the monitor stops (a copy cancelled by stopping owes nothing new: the next
     *                start replicates again)
     */
    public void run(InfluxNode master, InfluxNode slave, Instant since, BooleanSupplier stopped) {
        SchemaReport schema = null;
        CopyReport data = null;
        boolean schemaFailed = false;
        RuntimeException copyError = null;
        if (mode == InitialReplication.SCHEMA || mode == InitialReplication.BOTH) {
            try {
                LOG.info("initial replication: schema from {} to {}", master.name(), slave.name());
                schema = SchemaReplicator.builder().source(master).destination(slave).selection(Selection.ALL)
                        .build().run();
                schemaFailed = !schema.ok();
                LOG.info("initial schema replication {}", schema.ok() ? "done" : "incomplete: " + schema.mismatches());
            } catch (RuntimeException e) {
                schemaFailed = true;
                LOG.error("initial schema replication failed: {}", e.getMessage());
            }
        }
        if ((mode == InitialReplication.DATA || mode == InitialReplication.BOTH) && !stopped.getAsBoolean()) {
            try {
                LOG.info("initial replication: all data of every retention policy (at most {} back)",
                        GoDuration.format(copy.maxRetention()));
                ChunkedCopier copier = ChunkedCopier.builder().source(master).destination(slave)
                        .selection(Selection.ALL).full(copy.maxRetention()).settings(copy)
                        .clock(clock).build();
                runner.running(copier);
                if (stopped.getAsBoolean()) {
                    copier.cancel();
                }
                data = copier.run();
                LOG.info("initial data copy {}: {} points in {} ms", data.ok() ? "done" : "incomplete",
                        data.points(), data.elapsed().toMillis());
            } catch (RuntimeException e) {
                copyError = e;
                LOG.error("initial data copy failed: {}", e.getMessage());
            } finally {
                runner.running(null);
            }
        }
        SchemaReport s = schema;
        CopyReport d = data;
        safe(() -> listener.initialReplicationDone(mode, s, d));
        if (!stopped.getAsBoolean()) {
            owe(schemaFailed, data, copyError, since);
        }
    }

    private void owe(boolean schemaFailed, CopyReport data, RuntimeException copyError, Instant since) {
        Instant now = clock.instant();
        TimeWindow whole = new TimeWindow(now.minus(copy.maxRetention()), now);
        if (copyError != null || data != null && !data.skipped().isEmpty()) {
            owe(whole, "the initial data copy " + (copyError != null ? "failed: " + copyError.getMessage()
                    : "skipped " + data.skipped()));
        } else if (data != null && !data.ok()) {
            if (data.cancelled()) {
                owe(whole, "the initial data copy was cancelled");
            } else if (!data.onlyRejections()) {
                Instant start = data.failures().stream().map(CopyFailure::start).min(Instant::compareTo).orElseThrow();
                Instant end = data.failures().stream().map(CopyFailure::end).max(Instant::compareTo).orElseThrow();
                owe(new TimeWindow(start, end), data.failures().size() + " ranges of the initial data copy failed");
            } else {
                LOG.warn("the slave refused {} ranges of the initial data copy for good; they are not retried: {}",
                        data.failures().size(), data.failures().stream().map(CopyFailure::describe).toList());
            }
        } else if (schemaFailed && data == null) {
            owe(new TimeWindow(since, now.isAfter(since) ? now : since.plusNanos(1)),
                    "the initial schema replication failed or is incomplete");
        }
    }

    private void owe(TimeWindow w, String why) {
        LOG.warn("{}; the slave owes {} and it will be recovered", why, w);
        machine.owe(w);
    }

    private static void safe(Runnable r) {
        Listeners.call(LOG, "monitor listener", r);
    }
}
