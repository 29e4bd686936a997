package io.syncflux.cli;

import io.syncflux.core.Verifier;
import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.config.SyncMode;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.VerifyReport;

import java.util.List;

/**
 * {@code -action verify [-repair]}: compares master and slave chunk by chunk with server-side counts,
 * prints the differing chunks, and with {@code -repair} copies them (both ways with
 * {@code sync-mode = "twoways"}) and verifies again. Exit 0 when the nodes hold the same data (after
 * the repair, if asked), 1 otherwise.
 */
final class VerifyAction {
    private final Printer printer;

    VerifyAction(Printer printer) {
        this.printer = printer;
    }

    int run(InfluxNode master, InfluxNode slave, GeneralConfig general, CopyOptions o, boolean repair) {
        Verifier.Builder b = Verifier.builder().master(master).slave(slave).selection(o.selection())
                .settings(general).repair(repair).twoWays(general.syncMode() == SyncMode.TWOWAYS);
        if (o.full()) {
            b.full(general.maxRetentionInterval());
        } else {
            b.window(o.window());
        }
        if (o.chunk() != null) {
            b.chunk(o.chunk());
        }
        VerifyReport r = b.build().run();
        printer.line("verified " + r.chunksCompared() + " chunk(s) of " + r.window() + " between " + master.name()
                + " and " + slave.name() + " in " + r.elapsed().toMillis() + " ms");
        table("differing chunks", r.differences(), master.name(), slave.name());
        if (!repair) {
            if (r.identical()) {
                printer.line("identical: 0 differing chunks");
                return 0;
            }
            printer.error(r.differences().size() + " chunk(s) differ (run with -repair to copy them)");
            return 1;
        }
        if (r.identical()) {
            printer.line("identical: nothing to repair");
            return 0;
        }
        long points = r.repairs().stream().mapToLong(CopyReport::points).sum();
        printer.line("repair copied " + points + " point(s) in " + r.repairs().size() + " copy run(s)");
        for (CopyReport c : r.repairs()) {
            for (CopyFailure f : c.failures()) {
                printer.line("  not copied: " + f.describe());
            }
        }
        table("still differing after repair", r.remaining(), master.name(), slave.name());
        if (r.consistent()) {
            printer.line("repaired: the nodes now hold the same data");
            return 0;
        }
        printer.error(r.remaining().size() + " chunk(s) still differ after the repair");
        return 1;
    }

    private void table(String title, List<ChunkDiff> diffs, String masterName, String slaveName) {
        if (diffs.isEmpty()) {
            return;
        }
        printer.line(title + ":");
        String header = String.format("  %-48s %-31s %-31s %12s %12s", "db.rp.measurement", "start", "end",
                masterName, slaveName);
        printer.line(header);
        for (ChunkDiff d : diffs) {
            printer.line(String.format("  %-48s %-31s %-31s %12d %12d", d.db() + "." + d.rp() + "." + d.measurement(),
                    d.start(), d.end(), d.masterPoints(), d.slavePoints()));
        }
    }
}
