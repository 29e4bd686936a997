package io.syncflux.cli;

import io.syncflux.core.ChunkedCopier;
import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.CopyReport;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code -action copy}: copies the selected data from master to slave, shows progress on stderr and
 * prints a summary on stdout. Ctrl-C stops taking new chunks, lets running ones finish and still
 * prints the summary.
 */
final class CopyAction {
    private final Printer printer;
    private final boolean interactive;

    CopyAction(Printer printer, boolean interactive) {
        this.printer = printer;
        this.interactive = interactive;
    }

    /** Runs the copy; returns 0 when every planned range was copied, else 1. */
    int run(InfluxNode master, InfluxNode slave, GeneralConfig general, CopyOptions o) {
        CopyReport report;
        try (CopyProgress progress = new CopyProgress(printer.err(), interactive)) {
            ChunkedCopier.Builder b = ChunkedCopier.builder().source(master).destination(slave)
                    .selection(o.selection()).settings(general).order(o.order()).listener(progress);
            if (o.full()) {
                b.full(general.maxRetentionInterval());
            } else {
                b.window(o.window());
            }
            if (o.chunk() != null) {
                b.chunk(o.chunk());
            }
            report = runStoppable(b.build());
        }
        CopySummary.print(report, printer);
        if (report.ok()) {
            return 0;
        }
        printer.error(report.cancelled() ? "copy cancelled; run it again to copy the rest"
                : "copy incomplete: " + report.failures().size() + " range(s) not copied (listed above)");
        return 1;
    }

    /** Runs the copier; a JVM shutdown (Ctrl-C) cancels it and waits a little for the summary. */
    private static CopyReport runStoppable(ChunkedCopier copier) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            copier.cancel();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "syncflux-copy-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return copier.run();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: nothing to remove
            }
        }
    }
}
