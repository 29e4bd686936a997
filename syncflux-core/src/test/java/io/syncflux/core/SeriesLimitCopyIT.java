package io.syncflux.core;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.copy.ChunkedCopier;
import io.syncflux.core.event.CopyListener;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.RecordingCopyListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.syncflux.core.testing.Fixtures.nanos;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slave near its {@code max-series-per-database} (set to 10 on purpose). influxd 1.6's in-memory index
 * refuses every new series of a write request when the series it holds plus the points of the request pass
 * the limit, so a write with new series is refused even by a slave that can hold them all, and a big request
 * near the limit is refused where smaller ones pass. The copy halves such a request until the halves fit;
 * once a single point is refused the slave is full, and what it refuses is reported with its reason, in a
 * few requests rather than one per point. Each point the slave took counts once in the report.
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

    /** The write requests the node has answered since it started (its {@code httpd} statistics). */
    private static long writeRequests(Influxd node) {
        String json = node.query("SHOW STATS FOR 'httpd'");
        Matcher columns = Pattern.compile("\"columns\":\\[([^\\]]*)]").matcher(json);
        Matcher values = Pattern.compile("\"values\":\\[\\[([^\\]]*)]").matcher(json);
        assertThat(columns.find() && values.find()).as(json).isTrue();
        List<String> names = List.of(columns.group(1).split(","));
        return Long.parseLong(values.group(1).split(",")[names.indexOf("\"writeReq\"")]);
    }

    @Test
    void aWriteRefusedForTheSeriesLimitIsHalvedUntilItFitsAndCopiesEveryPoint() {
        // 10 series with 2 points each: one request of 20 points is refused by an empty slave of limit 10
        master(LIMIT);
        RecordingCopyListener running = new RecordingCopyListener();
        CopyReport report = copier(running).maxPointsPerWrite(1000).build().run();
        running.assertEachUnitEndedOnce();

        assertThat(report.ok()).as(report.failures().toString()).isTrue();
        List<String> copied = onSlave("m");
        assertThat(copied).hasSize(LIMIT * 2).containsExactlyElementsOf(DataDump.of(master, "f"));
        assertThat(report.points()).as("points the slave holds, each counted once").isEqualTo(copied.size());
        assertThat(report.retries()).as("halving is not a retry of the read").isZero();
        assertThat(report.queries()).as("both chunks in one read").isEqualTo(1);
        assertThat(running.total()).as("a running total of the writes counts as the report does")
                .isEqualTo(report.points());
    }

    @Test
    void aSlaveThatCanHoldOneSeriesMoreTakesItAndReportsTheRest() {
        // 11 series and one the slave already holds: room for 9 of them
        master(LIMIT + 1);
        INFLUX.node(1).write("f", null, "other,k=x v=1i " + nanos(w0));
        RecordingCopyListener running = new RecordingCopyListener();
        CopyReport report = copier(running).build().run();
        running.assertEachUnitEndedOnce();

        assertThat(report.ok()).isFalse();
        assertThat(report.failures()).hasSize(2).allSatisfy(f -> {
            assertThat(f.cause()).isEqualTo(CopyFailure.Cause.REJECTED);
            assertThat(f.error()).contains("max-series-per-database limit exceeded: (10)");
        });
        List<String> copied = onSlave("m");
        List<String> fits = DataDump.of(master, "f").stream()
                .filter(l -> !l.contains("|s=09|") && !l.contains("|s=10|")).toList();
        assertThat(copied).as("s=00 to s=08, both points each: the slave is full").hasSize(9 * 2)
                .containsExactlyElementsOf(fits);
        assertThat(report.points()).as("points the slave holds, each counted once").isEqualTo(copied.size());
        assertThat(running.total()).isEqualTo(report.points());
    }

    @Test
    void aFullSlaveRefusesABigWriteInAFewRequestsNotOnePerPoint() {
        StringBuilder full = new StringBuilder();
        for (int s = 0; s < LIMIT; s++) {
            full.append("other,k=").append(s).append(" v=1i ").append(nanos(w0)).append('\n');
        }
        INFLUX.node(1).write("f", null, full.toString());
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < 500; s++) {
            sb.append("m,s=").append(s).append(" v=").append(s).append("i ")
                    .append(nanos(w0.plus(Duration.ofMinutes(1)))).append('\n');
        }
        INFLUX.node(0).write("f", null, sb.toString());
        long before = writeRequests(INFLUX.node(1));

        CopyReport report = copier(new RecordingCopyListener()).window(new TimeWindow(w0, w0.plus(Duration.ofMinutes(30))))
                .maxPointsPerWrite(1000).build().run();

        long requests = writeRequests(INFLUX.node(1)) - before;
        assertThat(report.ok()).isFalse();
        assertThat(report.points()).isZero();
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.cause()).isEqualTo(CopyFailure.Cause.REJECTED);
            assertThat(f.error()).contains("max-series-per-database limit exceeded: (10)");
        });
        assertThat(onSlave("m")).isEmpty();
        // halving down to one point takes 10 requests (500, 250, ..., 2, 1); the 9 halves left are refused once each
        assertThat(requests).as("write requests for 500 refused points").isBetween(9L, 2L * 9 + 2);
    }
}
