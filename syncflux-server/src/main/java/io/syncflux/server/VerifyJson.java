package io.syncflux.server;

import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.VerifyReport;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code GET /api/verify} document. Every key is always present; values that do not apply yet
 * (a running verify's result, an idle server's window) are null.
 */
final class VerifyJson {
    /** Differing chunks listed at most; {@code differingChunks} always has the full count. */
    static final int MAX_LISTED = 1000;

    private VerifyJson() {
    }

    static Map<String, Object> of(VerifyStatus s, ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.phase().key());
        m.put("window", s.window() == null ? null : Map.of("start", HealthJson.time(s.window().start(), zone),
                "end", HealthJson.time(s.window().end(), zone)));
        m.put("repair", s.repair());
        m.put("startedAt", s.startedAt() == null ? null : HealthJson.time(s.startedAt(), zone));
        m.put("finishedAt", s.finishedAt() == null ? null : HealthJson.time(s.finishedAt(), zone));
        VerifyReport r = s.report();
        m.put("chunksCompared", r == null ? null : r.chunksCompared());
        m.put("identical", r == null ? null : r.identical());
        m.put("consistent", r == null ? null : r.consistent());
        m.put("differingChunks", r == null ? null : r.differences().size());
        m.put("differences", r == null ? null : chunks(r.differences(), zone));
        m.put("repairedPoints", r == null ? null : r.repairs().stream().mapToLong(CopyReport::points).sum());
        m.put("remaining", r == null ? null : chunks(r.remaining(), zone));
        m.put("error", s.error());
        return m;
    }

    private static List<Map<String, Object>> chunks(List<ChunkDiff> diffs, ZoneId zone) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ChunkDiff d : diffs.subList(0, Math.min(diffs.size(), MAX_LISTED))) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("db", d.db());
            c.put("rp", d.rp());
            c.put("measurement", d.measurement());
            c.put("start", HealthJson.time(d.start(), zone));
            c.put("end", HealthJson.time(d.end(), zone));
            c.put("masterPoints", d.masterPoints());
            c.put("slavePoints", d.slavePoints());
            out.add(c);
        }
        return out;
    }
}
