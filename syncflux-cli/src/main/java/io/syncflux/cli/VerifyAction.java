package io.syncflux.cli;

import io.syncflux.core.api.Selection;
import io.syncflux.core.api.VerifyMode;
import io.syncflux.core.api.RepairPolicy;
import io.syncflux.core.config.CopySettings;
import io.syncflux.core.config.MonitorSettings;
import io.syncflux.core.pipeline.SelectedSchema;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.RepairSummary;
import io.syncflux.core.report.SeriesDiff;
import io.syncflux.core.report.VerifyReport;
import io.syncflux.core.verify.Verifier;

import java.util.List;

/**
 * {@code -action verify [-verify-mode digest|counts] [-repair [-delete-extra]]}: compares master and slave
 * by content, prints a table of the differing chunks and the first differing series ({@code -vv}: all),
 * and with {@code -repair} writes only the differing series (both ways with {@code sync-mode = "twoways"})
 * and compares them again. Exit 0 when the nodes hold the same data (after the repair, if asked), 1
 * otherwise. A verify that compared nothing (the selection matches no database, retention policy or
 * measurement, or none has data in the window) warns as copy does and exits 1: exit 0 would say the nodes
 * hold the same data, and a scheduled verify whose {@code -db} no longer matches must not pass unnoticed.
 */
final class VerifyAction {
    /** Differing series printed without {@code -vv}. */
    static final int FIRST = 10;

    private final Printer printer;
    private final boolean listAll;

    private final String diffFile;

    /** @param diffFile where to write every differing series, or null */
    VerifyAction(Printer printer, boolean listAll, String diffFile) {
        this.printer = printer;
        this.listAll = listAll;
        this.diffFile = diffFile;
    }

    /**
     * The repair the flags ask for: none without {@code -repair}; else as the monitor repairs ({@code twoways}
     * both ways), one way with deletes for {@code -delete-extra}.
     */
    static RepairPolicy policy(MonitorSettings monitor, boolean repair, boolean deleteExtra) {
        if (deleteExtra && monitor.twoWays()) {
            throw io.syncflux.core.api.SyncfluxException.usage("-delete-extra is for one-way repairs: with sync-mode "
                    + "\"twoways\" points only on the slave are copied to the master instead");
        }
        if (!repair) {
            return RepairPolicy.NONE;
        }
        return deleteExtra ? RepairPolicy.ONE_WAY_DELETE : monitor.repairPolicy();
    }

    int run(InfluxNode master, InfluxNode slave, CopySettings general, MonitorSettings monitor, CopyOptions o,
            VerifyMode mode, boolean repairFlag, boolean deleteExtra) {
        RepairPolicy policy = policy(monitor, repairFlag, deleteExtra);
        boolean repair = policy.repairs();
        boolean twoWays = policy == RepairPolicy.TWO_WAYS;
        Verifier.Builder b = Verifier.builder().master(master).slave(slave).selection(o.selection())
                .settings(general).mode(mode).repair(policy).scope(o.scope(general));
        if (diffFile != null) {
            b.differencesTo(java.nio.file.Path.of(diffFile));
        }
        VerifyReport r = b.build().run();
        printer.line("verified " + r.chunksCompared() + " chunk(s), " + r.seriesCompared() + " series of "
                + r.window() + " between " + master.name() + " and " + slave.name() + " by " + mode.key() + " in "
                + r.elapsed().toMillis() + " ms");
        if (r.complete() && r.chunksCompared() == 0) {
            printer.line("warning: nothing to verify: " + (matchesAnything(master, o.selection())
                    ? "no data of the selected measurements in " + r.window()
                    : "no database, retention policy or measurement matches the selection"));
            printer.error("verified nothing, so the nodes are not known to hold the same data");
            return 1;
        }
        table("differing chunks", r.differences(), master.name(), slave.name(), mode);
        series(r.differences());
        if (r.identical()) {
            printer.line(repair ? "identical: nothing to repair" : "identical: 0 differing chunks");
            return 0;
        }
        if (!repair) {
            printer.error(r.differences().size() + " chunk(s), " + r.differingSeries()
                    + " series differ (run with -repair to write them)");
            return 1;
        }
        RepairSummary s = r.repair();
        printer.line("repair wrote " + s.pointsToSlave() + " point(s) to " + slave.name()
                + (twoWays ? " and " + s.pointsToMaster() + " to " + master.name() : "")
                + (s.pointsDeleted() > 0 ? ", deleted " + s.pointsDeleted() + " from " + slave.name() : ""));
        if (s.slaveOnlyKept() > 0) {
            printer.line("  " + s.slaveOnlyKept() + " point(s) only on " + slave.name()
                    + " left in place (listed above; -delete-extra deletes them)");
        }
        if (s.unrepairable() > 0) {
            printer.line("  " + s.unrepairable() + " point(s) not written: a field has another type on "
                    + slave.name());
        }
        s.failures().forEach(f -> printer.line("  failed: " + f));
        table("still differing after repair", r.remaining(), master.name(), slave.name(), mode);
        if (r.consistent()) {
            printer.line("repaired: the nodes now hold the same data");
            return 0;
        }
        printer.error(r.remaining().size() + " chunk(s) still differ after the repair");
        return 1;
    }

    /** True when the selection names at least one measurement of a selected policy on the master. */
    private static boolean matchesAnything(InfluxNode master, Selection selection) {
        for (var e : SelectedSchema.of(master, selection).entrySet()) {
            if (!e.getValue().isEmpty() && master.measurements(e.getKey()).stream()
                    .anyMatch(selection::selectsMeasurement)) {
                return true;
            }
        }
        return false;
    }

    private void table(String title, List<ChunkDiff> diffs, String masterName, String slaveName, VerifyMode mode) {
        if (diffs.isEmpty()) {
            return;
        }
        String unit = mode == VerifyMode.COUNTS ? "values" : "points";
        printer.line(title + " (" + unit + "):");
        printer.line(String.format("  %-40s %-30s %-30s %7s %14s %14s %8s", "db.rp.measurement", "start", "end",
                "series", "only " + masterName, "only " + slaveName, "differ"));
        int n = 0;
        for (ChunkDiff d : diffs) {
            if (!listAll && n++ >= FIRST) {
                printer.line("  ... " + (diffs.size() - FIRST) + " more chunk(s) (-vv lists all)");
                break;
            }
            printer.line(String.format("  %-40s %-30s %-30s %7d %14d %14d %8d", d.target(), d.start(), d.end(),
                    d.differingSeries(), d.missingOnSlave(), d.missingOnMaster(), d.valuesDiffer()));
        }
    }

    private void series(List<ChunkDiff> diffs) {
        if (diffs.isEmpty()) {
            return;
        }
        long total = diffs.stream().mapToLong(ChunkDiff::differingSeries).sum();
        long listed = diffs.stream().mapToLong(d -> d.series().size()).sum();
        printer.line((listAll || total <= FIRST) && listed == total ? "differing series:" : "first differing series:");
        int n = 0;
        for (ChunkDiff d : diffs) {
            for (SeriesDiff s : d.series()) {
                if (!listAll && n++ >= FIRST) {
                    printer.line("  ... " + (total - FIRST) + " more series (-vv lists more, -difffile all)");
                    return;
                }
                printer.line("  " + d.db() + "." + d.rp() + " [" + d.start() + ", " + d.end() + ") " + s.describe());
                for (String e : s.examples()) {
                    printer.line("      " + e);
                }
            }
        }
        if (listed < total) {
            printer.line("  ... " + (total - listed) + " more series not kept in memory (-difffile lists all)");
        }
    }
}
