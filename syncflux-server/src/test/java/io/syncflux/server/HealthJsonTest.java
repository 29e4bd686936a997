package io.syncflux.server;

import io.syncflux.core.event.ClusterState;
import io.syncflux.core.monitor.HaStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The health document matches the original's, including Go's RFC3339Nano time format. */
class HealthJsonTest {
    @Test
    void timesUseGoRfc3339NanoWithTheZoneOffset() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertThat(HealthJson.time(Instant.parse("2019-04-06T07:45:05.461897766Z"), paris))
                .isEqualTo("2019-04-06T09:45:05.461897766+02:00");
        assertThat(HealthJson.time(Instant.parse("2019-04-06T08:28:25.555008230Z"), paris))
                .as("trailing zeros trimmed like Go").isEqualTo("2019-04-06T10:28:25.55500823+02:00");
        assertThat(HealthJson.time(Instant.parse("2019-04-06T08:28:25Z"), ZoneOffset.UTC))
                .isEqualTo("2019-04-06T08:28:25Z");
        assertThat(HealthJson.time(null, paris)).isEqualTo("0001-01-01T00:00:00Z");
    }

    @Test
    void fieldsInTheOriginalsOrderWithNanosecondDuration() {
        HaStatus s = new HaStatus(ClusterState.OK, 1, Duration.ofNanos(2473620691L), "influxdb01", "influxdb02", true,
                Instant.parse("2019-04-06T08:28:25.459701432Z"), true, Instant.parse("2019-04-06T08:28:25.55500823Z"),
                42, List.of());
        Map<String, Object> m = new java.util.LinkedHashMap<>(HealthJson.of(s, ZoneId.of("Europe/Paris")));
        assertThat(m).containsEntry("LastVerify", null).containsEntry("DowntimeVerify", null)
                .containsEntry("JournalProblem", null);
        m.remove("LastVerify");
        m.remove("DowntimeVerify");
        m.remove("JournalProblem");
        assertThat(m.remove("Rejected")).isEqualTo(List.of());
        assertThat(m.remove("AntiEntropy")).isNull();
        assertThat(m.remove("VerifyBackoff")).isNull();
        assertThat(m).containsExactly(
                Map.entry("ClusterState", "OK"),
                Map.entry("ClusterNumRecovers", 1),
                Map.entry("ClusterLastRecoverDuration", 2473620691L),
                Map.entry("MID", "influxdb01"),
                Map.entry("SID", "influxdb02"),
                Map.entry("MasterState", true),
                Map.entry("MasterLastOK", "2019-04-06T10:28:25.459701432+02:00"),
                Map.entry("SlaveState", true),
                Map.entry("SlaveLastOK", "2019-04-06T10:28:25.55500823+02:00"));
    }

    @Test
    void lastVerifyIsAnAddedFieldAfterTheOriginalOnes() {
        io.syncflux.core.api.TimeWindow w = new io.syncflux.core.api.TimeWindow(Instant.parse("2019-04-06T08:00:00Z"),
                Instant.parse("2019-04-06T08:10:00Z"));
        HaStatus s = new HaStatus(ClusterState.OK, 1, Duration.ZERO, "a", "b", true, null, true, null, 0, List.of())
                .withReports(new io.syncflux.core.report.LastVerify(io.syncflux.core.report.LastVerify.Reason.RECOVERY, w, false, 2, true, true,
                        Instant.parse("2019-04-06T08:11:00Z"), null), null, null);
        Map<String, Object> m = HealthJson.of(s, ZoneOffset.UTC);
        assertThat(m.keySet()).containsExactly("ClusterState", "ClusterNumRecovers", "ClusterLastRecoverDuration",
                "MID", "SID", "MasterState", "MasterLastOK", "SlaveState", "SlaveLastOK", "LastVerify", "DowntimeVerify",
                "JournalProblem", "Rejected", "AntiEntropy", "VerifyBackoff");
        assertThat(m.get("LastVerify")).isEqualTo(Map.of("Start", "2019-04-06T08:00:00Z", "End", "2019-04-06T08:10:00Z",
                "Identical", false, "DifferingChunks", 2, "Repaired", true, "Consistent", true,
                "At", "2019-04-06T08:11:00Z"));
    }

    @Test
    void aHoldOnVerifiesAfterADeathDuringOneIsShown() {
        HaStatus s = new HaStatus(ClusterState.OK, 0, Duration.ZERO, "a", "b", true, null, true, null, 0, List.of())
                .withVerifyBackoff(new io.syncflux.core.monitor.CrashGuard.Backoff("anti-entropy verify of [x, y)",
                        Instant.parse("2019-04-06T08:00:00Z"), 2, Instant.parse("2019-04-06T08:30:00Z")));
        assertThat(HealthJson.of(s, ZoneOffset.UTC).get("VerifyBackoff")).isEqualTo(Map.of(
                "Activity", "anti-entropy verify of [x, y)", "Started", "2019-04-06T08:00:00Z", "Crashes", 2,
                "Until", "2019-04-06T08:30:00Z"));
    }
}
