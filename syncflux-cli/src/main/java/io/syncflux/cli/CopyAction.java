package io.syncflux.cli;

import io.syncflux.core.api.GoDuration;
import io.syncflux.core.config.CopySettings;
import io.syncflux.core.copy.ChunkedCopier;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.workflow.FullCopy;
import io.syncflux.core.workflow.FullCopyReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;

/**
 * {@code -action copy}: copies the selected data from master to slave, shows progress on stderr and
 * prints a summary on stdout. Ctrl-C stops taking new chunks, lets running ones finish and still
 * prints the summary. {@code -action fullcopy} runs the core's {@link FullCopy} (replicaschema first).
 */
final class CopyAction {
    private static final Logger LOG = LoggerFactory.getLogger(CopyAction.class);

    private final Printer printer;
    private final boolean interactive;
    private final boolean verbose;

    /**
     * @param interactive live progress line (stderr is a terminal)
     * @param verbose     list every failed range, not only the first {@value CopySummary#MAX_FAILURES}
     */
    CopyAction(Printer printer, boolean interactive, boolean verbose) {
        this.printer = printer;
        this.interactive = interactive;
        this.verbose = verbose;
    }

    /**
     * {@code -action fullcopy}: replicaschema, then the copy (even when some schema action failed).
     *
     * @return 0 only when both succeeded
     */
    int runAfterSchema(InfluxNode master, InfluxNode slave, CopySettings settings, CopyOptions o) {
        AtomicInteger schemaCode = new AtomicInteger();
        FullCopyReport[] report = new FullCopyReport[1];
        int copyCode = copy(master, slave, settings, o, (progress, hook) -> {
            FullCopy full = FullCopy.builder().source(master).destination(slave).selection(o.selection())
                    .copier(b -> configure(b, settings, o).listener(progress))
                    .listener(schema -> schemaCode.set(new ReplicaSchemaAction(printer).print(schema, slave.name())))
                    .build();
            hook.onStop(full::cancel);
            report[0] = full.run();
            return report[0].copy();
        });
        return Math.max(schemaCode.get(), copyCode);
    }

    /** Runs the copy; returns 0 when every planned range was copied, else 1. */
    int run(InfluxNode master, InfluxNode slave, CopySettings settings, CopyOptions o) {
        return copy(master, slave, settings, o, (progress, hook) -> {
            ChunkedCopier copier = configure(ChunkedCopier.builder().source(master).destination(slave)
                    .selection(o.selection()), settings, o).listener(progress).build();
            hook.onStop(copier::cancel);
            return copier.run();
        });
    }

    /** The copy's settings and the flags that override them. */
    private static ChunkedCopier.Builder configure(ChunkedCopier.Builder b, CopySettings settings, CopyOptions o) {
        b.settings(settings).order(o.order()).scope(o.scope(settings));
        if (o.rate() != null) {
            b.rate(o.rate());
        }
        return b;
    }

    /** Starts a copy with a progress listener and a stop hook. */
    private interface Run {
        CopyReport run(io.syncflux.core.event.CopyListener progress, StopHook hook);
    }

    private int copy(InfluxNode master, InfluxNode slave, CopySettings settings, CopyOptions o, Run run) {
        LOG.debug("copy {} -> {}: window {}, chunk {}, order {}, {} workers", master.name(), slave.name(),
                o.full() ? "full (max " + GoDuration.format(settings.maxRetention()) + ")" : o.window(),
                GoDuration.format(o.chunk() != null ? o.chunk() : settings.chunk()), o.order(),
                settings.workers());
        CopyReport report;
        try (CopyProgress progress = new CopyProgress(printer.err(), interactive);
             StopHook hook = new StopHook()) {
            try {
                report = run.run(progress.rateLimit(o.rate() != null ? o.rate() : 0), hook);
            } finally {
                progress.close();
            }
            CopySummary.print(report, printer, verbose);
            if (report.ok()) {
                return 0;
            }
            printer.error(report.cancelled() ? "copy cancelled; run it again to copy the rest"
                    : "copy incomplete: " + report.failures().size() + " range(s) not copied (listed above)");
            return 1;
        }
    }

    /**
     * A JVM shutdown hook (Ctrl-C, SIGTERM) that runs an action, then holds the shutdown until this
     * hook is closed (at most 30 s), so that the summary of a cancelled copy still gets printed.
     */
    private final class StopHook implements AutoCloseable {
        private final CountDownLatch closed = new CountDownLatch(1);
        private volatile Runnable action = () -> { };
        private final Thread thread = new Thread(this::stop, "syncflux-stop");

        StopHook() {
            Runtime.getRuntime().addShutdownHook(thread);
        }

        void onStop(Runnable r) {
            action = r;
        }

        private void stop() {
            action.run();
            try {
                closed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            printer.out().flush();
            printer.err().flush();
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(thread);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the latch is open
            }
        }
    }
}
