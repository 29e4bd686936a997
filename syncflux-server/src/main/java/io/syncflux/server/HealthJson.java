package io.syncflux.server;

import io.syncflux.core.journal.RejectedRange;
import io.syncflux.core.monitor.HaStatus;
import io.syncflux.core.report.AntiEntropyResult;
import io.syncflux.core.report.LastVerify;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The original's {@code /api/health} document, field for field, plus {@code LastVerify} (the check of the
 * last recovered window), {@code DowntimeVerify} (the check of the monitor's own downtime at start) and
 * {@code JournalProblem} (an unreadable journal set aside), each null when there is nothing to say, and
 * {@code Rejected}: the ranges recoveries could not copy because the target refused them for good
 * (empty when none), {@code AntiEntropy}: the last background content check, or null, and
 * {@code VerifyBackoff}: when the last run of the daemon died during a verify, the hold on verifies
 * ({@code Activity}, {@code Started}, {@code Crashes} in a row, {@code Until}), or null.
 */
final class HealthJson {
    /** Go's {@code time.RFC3339Nano}: fraction without trailing zeros, numeric offset or {@code Z}. */
    static final DateTimeFormatter RFC3339_NANO = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffset("+HH:MM", "Z")
            .toFormatter();
    /** Go's zero {@code time.Time}, shown for a node that never answered. */
    static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

    private HealthJson() {
    }

    static Map<String, Object> of(HaStatus s, ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ClusterState", s.clusterState().name());
        m.put("ClusterNumRecovers", s.numRecovers());
        m.put("ClusterLastRecoverDuration", s.lastRecoverDuration().toNanos());
        m.put("MID", s.masterName());
        m.put("SID", s.slaveName());
        m.put("MasterState", s.masterOk());
        m.put("MasterLastOK", time(s.masterLastOk(), zone));
        m.put("SlaveState", s.slaveOk());
        m.put("SlaveLastOK", time(s.slaveLastOk(), zone));
        m.put("LastVerify", verify(s.lastVerify(), zone));
        m.put("DowntimeVerify", verify(s.downtimeVerify(), zone));
        m.put("JournalProblem", s.journalProblem());
        m.put("Rejected", s.rejected().stream().map(r -> rejected(r, zone)).toList());
        m.put("AntiEntropy", antiEntropy(s.antiEntropy(), zone));
        m.put("VerifyBackoff", backoff(s.verifyBackoff(), zone));
        return m;
    }

    private static Map<String, Object> backoff(io.syncflux.core.monitor.CrashGuard.Backoff b, ZoneId zone) {
        if (b == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Activity", b.activity());
        m.put("Started", b.started() == null ? null : time(b.started(), zone));
        m.put("Crashes", b.crashes());
        m.put("Until", time(b.until(), zone));
        return m;
    }

    /** The last background content check, or null before the first (or when verify-interval is 0). */
    private static Map<String, Object> antiEntropy(AntiEntropyResult r, ZoneId zone) {
        if (r == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Outcome", r.outcome().key());
        m.put("Start", time(r.window().start(), zone));
        m.put("End", time(r.window().end(), zone));
        m.put("DifferingChunks", r.differingChunks());
        m.put("DifferingSeries", r.differingSeries());
        m.put("PointsRepaired", r.pointsRepaired());
        m.put("At", time(r.finishedAt(), zone));
        if (r.error() != null) {
            m.put("Error", r.error());
        }
        return m;
    }

    private static Map<String, Object> rejected(RejectedRange r, ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Node", r.to());
        m.put("From", r.from());
        m.put("Db", r.db());
        m.put("Rp", r.rp());
        m.put("Measurement", r.measurement());
        m.put("Start", time(r.start(), zone));
        m.put("End", time(r.end(), zone));
        m.put("Reason", r.reason());
        m.put("At", time(r.at(), zone));
        return m;
    }

    /** Added to the original's fields: the check of the last recovered window, or null before the first. */
    static Map<String, Object> verify(LastVerify v, ZoneId zone) {
        if (v == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Start", time(v.window().start(), zone));
        m.put("End", time(v.window().end(), zone));
        m.put("Identical", v.identical());
        m.put("DifferingChunks", v.differingChunks());
        m.put("Repaired", v.repaired());
        m.put("Consistent", v.consistent());
        m.put("At", time(v.at(), zone));
        if (v.error() != null) {
            m.put("Error", v.error());
        }
        return m;
    }

    static String time(Instant t, ZoneId zone) {
        return t == null ? GO_ZERO_TIME : RFC3339_NANO.format(t.atZone(zone));
    }
}
