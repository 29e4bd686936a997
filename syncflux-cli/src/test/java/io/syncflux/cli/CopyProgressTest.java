package io.syncflux.cli;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.event.WorkUnit;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CopyProgressTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    static final WorkUnit UNIT = new WorkUnit("db", "rp", "cpu", T, T.plusSeconds(60), "db", "rp");

    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String err() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void lineShowsPercentOfUnitsPointsAndFailures() {
        try (CopyProgress p = new CopyProgress(err, false, Duration.ofHours(1))) {
            p.planned(4, new TimeWindow(T, T.plusSeconds(240)));
            assertThat(p.line()).startsWith("copy   0% 0/4 units, 0 points,").endsWith("ETA ?");
            p.unitStarted(UNIT);
            p.pointsWritten(UNIT, 700, 7000);
            p.pointsWritten(UNIT, 300, 3000);
            p.unitFinished(UNIT, 1000);
            p.unitFailed(UNIT, "boom");
            assertThat(p.line()).startsWith("copy  50% 2/4 units (1 failed), 1000 points,").contains(" points/s, ETA ");
            p.unitFinished(UNIT, 0);
            p.unitFinished(UNIT, 0);
            assertThat(p.line()).startsWith("copy 100% 4/4 units (1 failed)").endsWith("ETA 0s");
        }
    }

    @Test
    void pointsWrittenAgainAfterAFailureCountOnce() {
        try (CopyProgress p = new CopyProgress(err, false, Duration.ofHours(1))) {
            p.planned(1, new TimeWindow(T, T.plusSeconds(60)));
            p.unitStarted(UNIT);
            p.pointsWritten(UNIT, 400, 4000);
            p.pointsSuperseded(UNIT, 400, 4000);
            p.pointsWritten(UNIT, 400, 4000);
            p.pointsWritten(UNIT, 600, 6000);
            p.unitFinished(UNIT, 1000);
            assertThat(p.line()).startsWith("copy 100% 1/1 units, 1000 points,");
        }
    }

    @Test
    void withoutATerminalPrintsWholeLinesPeriodically() throws InterruptedException {
        try (CopyProgress p = new CopyProgress(err, false, Duration.ofMillis(50))) {
            p.planned(2, new TimeWindow(T, T.plusSeconds(120)));
            p.unitFinished(UNIT, 10);
            Thread.sleep(300);
        }
        assertThat(err()).doesNotContain("\r");
        assertThat(err().lines().toList()).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(l -> assertThat(l).startsWith("copy  50% 1/2 units"));
    }

    @Test
    void onATerminalRewritesOneLineAndEndsIt() throws InterruptedException {
        try (CopyProgress p = new CopyProgress(err, true, Duration.ofMillis(50))) {
            p.planned(1, new TimeWindow(T, T.plusSeconds(60)));
            Thread.sleep(200);
            p.pointsWritten(UNIT, 10, 100);
            p.unitFinished(UNIT, 10);
        }
        String out = err();
        assertThat(out).startsWith("\rcopy   0% 0/1 units").endsWith("\n");
        assertThat(out.chars().filter(c -> c == '\n').count()).isEqualTo(1);
        assertThat(out.chars().filter(c -> c == '\r').count()).isGreaterThanOrEqualTo(2);
        String last = out.substring(out.lastIndexOf('\r') + 1).strip();
        assertThat(last).startsWith("copy 100% 1/1 units, 10 points");
    }

    @Test
    void printsNothingBeforeTheFirstPeriod() {
        try (CopyProgress p = new CopyProgress(err, true, Duration.ofHours(1))) {
            p.planned(1, new TimeWindow(T, T.plusSeconds(60)));
            p.unitFinished(UNIT, 1);
        }
        assertThat(err()).isEmpty();
    }
}
