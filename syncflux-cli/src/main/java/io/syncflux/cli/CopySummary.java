package io.syncflux.cli;

import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.RpCopyStats;
import io.syncflux.core.report.TypeConflict;

import java.util.ArrayList;
import java.util.List;

/** Prints a copy report: a table per retention policy, then skipped items, failures and type conflicts. */
final class CopySummary {
    private static final String[] HEADER = {"DB.RP", "TARGET", "POINTS", "BYTES", "UNITS", "FAILED", "ELAPSED",
            "POINTS/S", "BYTES/S", "QUERIES", "RETRIES"};

    /** Failures listed when not verbose; a cancelled big copy would otherwise print thousands. */
    static final int MAX_FAILURES = 20;

    private CopySummary() {
    }

    /** Prints the report; failures beyond {@link #MAX_FAILURES} only when {@code listAll}. */
    static void print(CopyReport r, Printer p, boolean listAll) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (RpCopyStats s : r.perRp()) {
            rows.add(new String[] {s.db() + "." + s.rp(), s.targetDb() + "." + s.targetRp(), Long.toString(s.points()),
                    Printer.bytes(s.bytes()), Integer.toString(s.units()), Integer.toString(s.failedUnits()),
                    Printer.duration(s.elapsed()), Long.toString(Printer.rate(s.points(), s.elapsed())),
                    Printer.bytes(Printer.rate(s.bytes(), s.elapsed())), Long.toString(s.queries()),
                    Long.toString(s.retries())});
        }
        int failedUnits = r.perRp().stream().mapToInt(RpCopyStats::failedUnits).sum();
        rows.add(new String[] {"TOTAL", "", Long.toString(r.points()), Printer.bytes(r.bytes()),
                Integer.toString(r.units()), Integer.toString(failedUnits), Printer.duration(r.elapsed()),
                Long.toString(Printer.rate(r.points(), r.elapsed())), Printer.bytes(Printer.rate(r.bytes(), r.elapsed())),
                Long.toString(r.queries()), Long.toString(r.retries())});
        p.line("copy " + r.window() + (r.rateLimit() > 0 ? ", at most " + r.rateLimit() + " points/s" : ""));
        table(rows, p);
        if (r.units() == 0 && r.skipped().isEmpty()) {
            p.line("warning: nothing to copy: no database, retention policy or measurement matches the selection");
        }
        for (String s : r.skipped()) {
            p.line("warning: skipped " + s);
        }
        List<CopyFailure> failures = r.failures();
        int shown = listAll ? failures.size() : Math.min(failures.size(), MAX_FAILURES);
        for (CopyFailure f : failures.subList(0, shown)) {
            p.line("failed: " + f.describe());
        }
        if (shown < failures.size()) {
            p.line("failed: " + (failures.size() - shown) + " more range(s) not listed (use -v to list all)");
        }
        for (TypeConflict c : r.conflicts()) {
            p.line("conflict: " + c.describe());
        }
        if (r.cancelled()) {
            p.line("warning: the copy was cancelled before every unit ran");
        }
    }

    private static void table(List<String[]> rows, Printer p) {
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    sb.append("  ");
                }
                String pad = " ".repeat(width[i] - row[i].length());
                sb.append(i < 2 ? row[i] + pad : pad + row[i]);
            }
            p.line(sb.toString().stripTrailing());
        }
    }
}
