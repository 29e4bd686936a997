package io.syncflux.core;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.copy.ChunkedCopier;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes bigger than the destination's {@code max-body-size}: Debian's default 25,000,000 bytes on
 * {@code influx02}, 10,000 bytes set on purpose on {@code tiny}.
 */
class LargeWritesIT {
    private static final int ROWS = 20_000;
    private static final int DEBIAN_MAX_BODY = 25_000_000;

    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02", "tiny")
            .config("tiny", "http", "max-body-size = 10000");

    final InfluxNode master = INFLUX.client(0);
    final InfluxNode slave = INFLUX.client(1);
    final InfluxNode tiny = INFLUX.client(2);

    Instant t0;
    final RecordingCopyListener events = new RecordingCopyListener();

    @BeforeEach
    void createDatabases() {
        t0 = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        for (int i = 0; i < 3; i++) {
            INFLUX.node(i).query("CREATE DATABASE big");
        }
    }

    private ChunkedCopier.Builder copier(InfluxNode to) {
        return ChunkedCopier.builder().source(master).destination(to).retryDelay(Duration.ZERO)
                .window(new TimeWindow(t0, t0.plus(Duration.ofHours(1))))
                .listener(events);
    }

    /**
     * 20,000 rows of distinct 2 KB strings within two seconds: about 41 MB of line protocol in one work unit,
     * and still in one part when the unit is split by time into ten.
     */
    private void writeBigRows() {
        String pad = "x".repeat(2000);
        for (int batch = 0; batch < 5; batch++) {
            StringBuilder sb = new StringBuilder();
            for (int i = batch * ROWS / 5; i < (batch + 1) * ROWS / 5; i++) {
                long t = (t0.getEpochSecond() + 60) * 1_000_000_000L + i * 100_000L;
                sb.append("wide,host=h").append(i % 3).append(" s=\"").append(i).append(pad).append("\",n=").append(i)
                        .append("i ").append(t).append('\n');
            }
            INFLUX.node(0).write("big", null, sb.toString());
        }
    }

    @Test
    void rowsAboveTheDefaultBodyLimitCopyBitExactlyWithDefaultSettings() {
        writeBigRows();
        List<String> source = DataDump.of(master, "big");
        assertThat(source).hasSize(ROWS);

        CopyReport r = copier(slave).build().run();

        assertThat(r.failures()).isEmpty();
        assertThat(r.points()).isEqualTo(ROWS);
        assertThat(r.bytes()).isGreaterThan(40_000_000L);
        assertThat(events.assertEachUnitEndedOnce().writes()).extracting(RecordingCopyListener.Write::bytes)
                .hasSizeGreaterThan(4)
                .allMatch(b -> b <= io.syncflux.core.config.GeneralConfig.DEFAULT_MAX_BYTES_ON_SINGLE_WRITE);
        assertThat(DataDump.of(slave, "big")).containsExactlyElementsOf(source);
    }

    @Test
    void aWriteTheDestinationRefusesAsTooLargeIsHalvedUntilItFits() {
        writeBigRows();

        CopyReport r = copier(slave).maxBytesPerWrite(Integer.MAX_VALUE).build().run();

        assertThat(r.failures()).isEmpty();
        assertThat(events.retries()).isEmpty();
        // one 41 MB batch refused with 413, then two halves of about 20.5 MB taken
        assertThat(events.assertEachUnitEndedOnce().writes()).extracting(RecordingCopyListener.Write::bytes).hasSize(2).allMatch(b -> b > 8 * 1024 * 1024 && b < DEBIAN_MAX_BODY);
        assertThat(DataDump.of(slave, "big")).containsExactlyElementsOf(DataDump.of(master, "big"));
    }

    @Test
    void aSinglePointAboveTheLimitIsARejectionNamingItAndTheRestIsCopied() {
        long big = (t0.getEpochSecond() + 60) * 1_000_000_000L;
        String hugeLine = "huge,host=a s=\"" + "y".repeat(20_000) + "\" " + big + "\n";
        INFLUX.node(0).write("big", null, "small v=1i " + (big - 1) + "\n" + hugeLine + "small v=2i " + (big + 1));

        CopyReport r = copier(tiny).maxRetries(3).build().run();

        assertThat(events.retries()).isEmpty();
        assertThat(r.failures()).hasSize(1);
        CopyFailure f = r.failures().get(0);
        assertThat(f.rejected()).isTrue();
        assertThat(f.measurement()).isEqualTo("huge");
        assertThat(f.start()).isEqualTo(t0);
        assertThat(f.end()).isEqualTo(t0.plus(Duration.ofHours(1)));
        assertThat(f.error()).contains("point of measurement \"huge\"").contains(Instant.ofEpochSecond(big / 1_000_000_000L).toString())
                .contains(hugeLine.length() + " bytes").contains("413");
        assertThat(r.onlyRejections()).isTrue();
        assertThat(DataDump.of(tiny, "big")).containsExactlyElementsOf(
                DataDump.of(master, "big").stream().filter(l -> l.contains("|small|")).toList());
    }
}
