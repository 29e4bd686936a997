package io.syncflux.cli;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.RpCopyStats;
import io.syncflux.core.report.TypeConflict;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CopySummaryTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    static final TimeWindow WINDOW = new TimeWindow(T, T.plus(Duration.ofHours(2)));

    private static List<String> print(CopyReport r, boolean listAll) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        CopySummary.print(r, new Printer(ps, ps), listAll);
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static List<CopyFailure> failures(int n) {
        List<CopyFailure> f = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            f.add(new CopyFailure("db1", "rp1", "cpu", T.plusSeconds(60L * i), T.plusSeconds(60L * (i + 1)),
                    "node influx02: write failed: timeout"));
        }
        return f;
    }

    @Test
    void printsAnAlignedRowPerRetentionPolicyAndATotal() {
        CopyReport r = new CopyReport(WINDOW, List.of(
                new RpCopyStats("db1", "rp1", "db3", "rp3", 120_000, 3 * 1024 * 1024, 12, 0, Duration.ofSeconds(4), 3, 0),
                new RpCopyStats("db1", "rp2", "db3", "rp2", 500, 20_000, 2, 1, Duration.ofMillis(250), 9, 5)),
                failures(1), List.of(), List.of(), Duration.ofSeconds(5), false);

        List<String> lines = print(r, false);

        assertThat(lines).containsExactly(
                "copy " + WINDOW,
                "DB.RP    TARGET   POINTS     BYTES  UNITS  FAILED  ELAPSED  POINTS/S    BYTES/S  QUERIES  RETRIES",
                "db1.rp1  db3.rp3  120000   3.0 MiB     12       0       4s     30000  768.0 KiB        3        0",
                "db1.rp2  db3.rp2     500  19.5 KiB      2       1    250ms      2000   78.1 KiB        9        5",
                "TOTAL             120500   3.0 MiB     14       1       5s     24100  618.3 KiB       12        5",
                "failed: db1.rp1.cpu [2026-01-01T00:00:00Z, 2026-01-01T00:01:00Z): node influx02: write failed: timeout");
    }

    @Test
    void listsSkippedAndConflictsAndSaysWhenCancelled() {
        CopyReport r = new CopyReport(WINDOW, List.of(), List.of(),
                List.of(new TypeConflict("db1", "rp1", "cpu", "v", List.of("integer", "float"))),
                List.of("db2: database db2 does not exist on influx02"), Duration.ofSeconds(1), true);

        List<String> lines = print(r, false);

        assertThat(lines).contains("warning: skipped db2: database db2 does not exist on influx02",
                "conflict: db1.rp1.cpu field \"v\" has types integer, float in different shards (each value keeps "
                        + "its own type)",
                "warning: the copy was cancelled before every unit ran");
        assertThat(lines).noneMatch(l -> l.startsWith("warning: nothing to copy"));
    }

    @Test
    void saysWhenNothingWasSelected() {
        CopyReport r = new CopyReport(WINDOW, List.of(), List.of(), List.of(), List.of(), Duration.ZERO, false);
        assertThat(print(r, false)).last().asString().startsWith("warning: nothing to copy");
    }

    @Test
    void limitsTheFailureListUnlessVerbose() {
        CopyReport r = new CopyReport(WINDOW, List.of(), failures(25), List.of(), List.of(), Duration.ZERO, false);

        List<String> brief = print(r, false);
        assertThat(brief.stream().filter(l -> l.startsWith("failed: db1")).count()).isEqualTo(20);
        assertThat(brief).last().isEqualTo("failed: 5 more range(s) not listed (use -v to list all)");

        List<String> all = print(r, true);
        assertThat(all.stream().filter(l -> l.startsWith("failed: db1")).count()).isEqualTo(25);
        assertThat(all).noneMatch(l -> l.contains("more range(s)"));
    }
}
