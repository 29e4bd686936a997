package io.syncflux.core;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.copy.ChunkedCopier;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.CopyFailure;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.RecordingCopyListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

import static io.syncflux.core.testing.Fixtures.nanos;

/**
 * A destination that answers and refuses data for good (HTTP 400 partial writes) is not an outage: the
 * range is reported once, with the server's reason, neither retried nor split, and the rest is copied.
 */
class RejectionsIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    final InfluxNode master = INFLUX.client(0);
    final InfluxNode slave = INFLUX.client(1);

    final RecordingCopyListener events = new RecordingCopyListener();

    private CopyReport copy(TimeWindow w) {
        return ChunkedCopier.builder().source(master).destination(slave).window(w).chunk(Duration.ofDays(1))
                .maxRetries(5).retryDelay(Duration.ofSeconds(30)) // a retry would make the test time out
                .listener(events).build().run();
    }

    /** One failure, rejected, over a whole planned unit (not a split part of it), with the server's reason. */
    private void assertOneRejectedUnit(CopyReport r, String measurement, String reason) {
        assertThat(r.failures()).hasSize(1);
        CopyFailure f = r.failures().get(0);
        assertThat(f.rejected()).isTrue();
        assertThat(f.measurement()).isEqualTo(measurement);
        assertThat(events.assertEachUnitEndedOnce().started()).anyMatch(u -> u.start().equals(f.start()) && u.end().equals(f.end()));
        assertThat(f.error()).contains("HTTP 400: " + reason).doesNotContain("\n").doesNotContain("{\"error\"");
        assertThat(r.onlyRejections()).isTrue();
        assertThat(r.ok()).isFalse();
    }

    @Test
    void pointsBeyondTheDestinationsRetentionAreARejectionNotAnOutage() {
        INFLUX.node(0).query("CREATE DATABASE ret");
        INFLUX.node(1).query("CREATE DATABASE ret WITH DURATION 1h SHARD DURATION 1h NAME autogen");
        Instant now = Instant.now();
        TimeWindow w = new TimeWindow(now.minus(Duration.ofHours(4)), now.plusSeconds(60));
        INFLUX.node(0).write("ret", null, String.join("\n",
                "m v=1i " + nanos(now.minus(Duration.ofHours(3))),
                "m v=2i " + nanos(now.minus(Duration.ofMinutes(10))),
                "m v=3i " + nanos(now.minus(Duration.ofMinutes(5)))));

        CopyReport r = copy(w);

        assertThat(events.retries()).isEmpty();
        assertOneRejectedUnit(r, "m", "partial write: points beyond retention policy dropped=1");
        // the points the destination keeps were written
        assertThat(DataDump.of(slave, "ret")).hasSize(2)
                .containsExactlyElementsOf(DataDump.of(master, "ret").subList(1, 3));
    }

    @Test
    void aFieldTypeConflictOnTheDestinationIsARejectionWithTheServersReason() {
        INFLUX.node(0).query("CREATE DATABASE conflict");
        INFLUX.node(1).query("CREATE DATABASE conflict");
        Instant t = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        TimeWindow w = new TimeWindow(t.minusSeconds(60), t.plusSeconds(60));
        INFLUX.node(1).write("conflict", null, "m v=1i " + nanos(t));
        INFLUX.node(0).write("conflict", null, String.join("\n",
                "m v=1.5 " + nanos(t.plusSeconds(1)),
                "m w=2i " + nanos(t.plusSeconds(2))));

        CopyReport r = copy(w);

        assertThat(events.retries()).isEmpty();
        assertOneRejectedUnit(r, "m", "partial write: field type conflict: input field \"v\" on measurement \"m\" "
                + "is type float, already exists as type integer dropped=1");
        assertThat(DataDump.of(slave, "conflict")).hasSize(2).anyMatch(l -> l.contains("w=int:2"));
    }
}
