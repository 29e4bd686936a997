package io.syncflux.core;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.copy.ChunkedCopier;
import io.syncflux.core.event.CopyListener;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.RecordingCopyListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.syncflux.core.testing.Fixtures.nanos;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slave near its {@code max-series-per-database} (set to 10 on purpose) refuses a read of two chunks in
 * part with a real partial write, and takes the same chunks copied one by one: influxd 1.6 refuses every new
 * series of a write request when the series it holds plus the points of new series in the request exceed
 * the limit, so a request carrying two points per new series is refused where one point per series passes.
 * Each point the slave took counts once in the report, and the fallback counts as a retry.
 *
 * <p>The master holds one point per series in each of two 30-minute chunks, read together by one query;
 * writes carry 4 points, so that read writes two series per request and each chunk alone four.
 */
class SeriesLimitCopyIT {
    private static final int LIMIT = 10;

    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02")
            .config("influx02", "data", "max-series-per-database = " + LIMIT);

    final InfluxNode master = INFLUX.client(0);
    final InfluxNode slave = INFLUX.client(1);
    Instant w0;
    TimeWindow window;

    @BeforeEach
    void databases() {
        INFLUX.node(0).query("CREATE DATABASE f");
        INFLUX.node(1).query("CREATE DATABASE f");
        w0 = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        window = new TimeWindow(w0, w0.plus(Duration.ofHours(1)));
    }

    /** {@code series} series {@code m,s=00...} with a point at minutes 1 and 31. */
    private void master(int series) {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < series; s++) {
            for (int minute : new int[] {1, 31}) {
                sb.append("m,s=").append(String.format("%02d", s)).append(" v=").append(s * 100 + minute).append("i ")
                        .append(nanos(w0.plus(Duration.ofMinutes(minute)))).append('\n');
            }
        }
        INFLUX.node(0).write("f", null, sb.toString());
    }

    private ChunkedCopier.Builder copier(CopyListener listener) {
        return ChunkedCopier.builder().source(master).destination(slave).window(window)
                .chunk(Duration.ofMinutes(30)).maxPointsPerWrite(4).workers(1).retryDelay(Duration.ZERO)
                .listener(listener);
    }

    private List<String> onSlave(String measurement) {
        return DataDump.of(slave, "f").stream().filter(l -> l.contains("|" + measurement + "|")).toList();
    }

    @Test
    void aReadRefusedInPartAndCopiedChunkByChunkCountsEachPointOnce() {
        master(LIMIT);
        RecordingCopyListener running = new RecordingCopyListener();
        CopyReport report = copier(running).build().run();
        List<String> failedReads = running.assertEachUnitEndedOnce().retries().stream()
                .map(r -> r.unit().start() + "/" + r.unit().end() + " " + r.attempt() + " " + r.cause() + " " + r.error())
                .toList();

        assertThat(report.ok()).as(report.failures().toString()).isTrue();
        List<String> copied = onSlave("m");
        assertThat(copied).hasSize(LIMIT * 2).containsExactlyElementsOf(DataDump.of(master, "f"));
        assertThat(report.points()).as("points the slave holds, each counted once").isEqualTo(copied.size());
        assertThat(report.retries()).as("the read copied again chunk by chunk is a retry").isEqualTo(1);
        assertThat(report.queries()).isEqualTo(3);
        assertThat(failedReads).as("the read of both chunks, with the slave's reason").containsExactly(
                window.start() + "/" + window.end() + " 0 REJECTED node influx02: write to f.autogen failed: HTTP 400: "
                        + "partial write: max-series-per-database limit exceeded: (10) dropped=4");
        assertThat(running.superseded()).as("the read wrote 8 series before the refusal").isEqualTo(16);
        assertThat(running.total()).as("a running total of the writes counts as the report does")
                .isEqualTo(report.points());
    }

    @Test
    void chunksTheSlaveStillRefusesCountThePointsItTook() {
        // one series more, and one the slave already holds: the last request of each chunk is taken in part
        master(LIMIT + 1);
        INFLUX.node(1).write("f", null, "other,k=x v=1i " + nanos(w0));
        RecordingCopyListener running = new RecordingCopyListener();
        CopyReport report = copier(running).build().run();
        running.assertEachUnitEndedOnce();

        assertThat(report.ok()).isFalse();
        assertThat(report.failures()).hasSize(2).allSatisfy(f -> {
            assertThat(f.cause()).isEqualTo(CopyFailure.Cause.REJECTED);
            assertThat(f.error()).contains("max-series-per-database limit exceeded: (10) dropped=2");
        });
        List<String> copied = onSlave("m");
        assertThat(copied).as("all but s=08 and s=09").hasSize(9 * 2)
                .noneMatch(l -> l.contains("|s=08|") || l.contains("|s=09|"));
        assertThat(report.points()).as("points the slave holds, each counted once").isEqualTo(copied.size());
        assertThat(report.retries()).isEqualTo(1);
        assertThat(running.total()).isEqualTo(report.points());
    }
}
