package io.syncflux.server;

import io.syncflux.core.report.VerifyStatus;

import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.RepairSummary;
import io.syncflux.core.report.SeriesDiff;
import io.syncflux.core.report.VerifyReport;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code GET /api/verify} document. Every key is always present; values that do not apply yet
 * (a running verify's result, an idle server's window) are null. Without the admin login the document
 * keeps the verdict and the counts but not the data: each chunk's {@code series} (series keys and example
 * values) and the repair's {@code failures} are null, and {@code detail} says why.
 */
final class VerifyJson {
    /** Differing chunks listed at most; {@code differingChunks} always has the full count. */
    static final int MAX_LISTED = 1000;
    /** Differing series listed at most per chunk. */
    static final int MAX_SERIES = 100;

    private VerifyJson() {
    }

    /** Says why the series are left out of the document shown without the login. */
    static final String NO_DETAIL = "series keys, values and repair failures need the admin login";

    static Map<String, Object> of(VerifyStatus s, ZoneId zone) {
        return of(s, zone, true);
    }

    /**
     * @param detail with the series keys, example values and repair failures (for the admin login only)
     */
    static Map<String, Object> of(VerifyStatus s, ZoneId zone, boolean detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.phase().key());
        m.put("window", s.window() == null ? null : Map.of("start", HealthJson.time(s.window().start(), zone),
                "end", HealthJson.time(s.window().end(), zone)));
        m.put("repair", s.repair());
        m.put("startedAt", s.startedAt() == null ? null : HealthJson.time(s.startedAt(), zone));
        m.put("finishedAt", s.finishedAt() == null ? null : HealthJson.time(s.finishedAt(), zone));
        VerifyReport r = s.report();
        m.put("mode", r == null ? null : r.mode().key());
        m.put("chunksCompared", r == null ? null : r.chunksCompared());
        m.put("seriesCompared", r == null ? null : r.seriesCompared());
        m.put("complete", r == null ? null : r.complete());
        m.put("identical", r == null ? null : r.identical());
        m.put("consistent", r == null ? null : r.consistent());
        m.put("differingChunks", r == null ? null : r.differences().size());
        m.put("differingSeries", r == null ? null : r.differingSeries());
        m.put("differences", r == null ? null : chunks(r.differences(), zone, detail));
        m.put("repairedPoints", r == null ? null : (Long) (r.repair() == null ? 0L : r.repair().pointsWritten()));
        m.put("repairSummary", r == null || r.repair() == null ? null : repair(r.repair(), detail));
        m.put("remaining", r == null ? null : chunks(r.remaining(), zone, detail));
        m.put("error", s.error());
        m.put("detail", detail ? null : NO_DETAIL);
        return m;
    }

    private static Map<String, Object> repair(RepairSummary s, boolean detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pointsToSlave", s.pointsToSlave());
        m.put("pointsToMaster", s.pointsToMaster());
        m.put("pointsDeleted", s.pointsDeleted());
        m.put("slaveOnlyKept", s.slaveOnlyKept());
        m.put("unrepairable", s.unrepairable());
        m.put("failureCount", s.failures().size());
        m.put("failures", detail ? s.failures().subList(0, Math.min(s.failures().size(), MAX_LISTED)) : null);
        return m;
    }

    private static List<Map<String, Object>> chunks(List<ChunkDiff> diffs, ZoneId zone, boolean detail) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ChunkDiff d : diffs.subList(0, Math.min(diffs.size(), MAX_LISTED))) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("db", d.db());
            c.put("rp", d.rp());
            c.put("measurement", d.measurement());
            c.put("start", HealthJson.time(d.start(), zone));
            c.put("end", HealthJson.time(d.end(), zone));
            c.put("differingSeries", d.differingSeries());
            c.put("seriesListed", Math.min(d.series().size(), MAX_SERIES));
            c.put("masterPoints", d.masterPoints());
            c.put("slavePoints", d.slavePoints());
            c.put("missingOnSlave", d.missingOnSlave());
            c.put("missingOnMaster", d.missingOnMaster());
            c.put("valuesDiffer", d.valuesDiffer());
            if (!detail) {
                c.put("series", null);
                out.add(c);
                continue;
            }
            List<Map<String, Object>> series = new ArrayList<>();
            for (SeriesDiff sd : d.series().subList(0, Math.min(d.series().size(), MAX_SERIES))) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("series", sd.series());
                x.put("kind", sd.kind().name().toLowerCase(java.util.Locale.ROOT));
                x.put("masterPoints", sd.masterPoints());
                x.put("slavePoints", sd.slavePoints());
                x.put("missingOnSlave", sd.missingOnSlave());
                x.put("missingOnMaster", sd.missingOnMaster());
                x.put("valuesDiffer", sd.valuesDiffer());
                x.put("typeConflicts", sd.typeConflicts());
                x.put("examples", sd.examples());
                series.add(x);
            }
            c.put("series", series);
            out.add(c);
        }
        return out;
    }
}
