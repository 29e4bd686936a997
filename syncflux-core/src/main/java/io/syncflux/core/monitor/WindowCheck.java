package io.syncflux.core.monitor;

import io.syncflux.core.api.RepairPolicy;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.api.RepairPolicy;
import io.syncflux.core.config.CopySettings;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.ChunkDiff;
import io.syncflux.core.report.LastVerify;
import io.syncflux.core.report.SeriesDiff;
import io.syncflux.core.report.VerifyReport;
import io.syncflux.core.verify.Verifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Checks a window of the HA pair by content with {@link Verifier} (digest mode), repairs what differs,
 * and sums the outcome up as a {@link LastVerify}: identical, repaired to identical, or still differing
 * ({@link LastVerify#outcome()}).
 */
public final class WindowCheck {
    private static final Logger LOG = LoggerFactory.getLogger(WindowCheck.class);
    private static final int LOGGED_SERIES = 10;

    private WindowCheck() {
    }

    /**
     * Compares {@code from} (the reference) and {@code to} over {@code w} by content, writes the differing
     * series of the differing chunks ({@code repair} says which way: {@link RepairPolicy#ONE_WAY} or {@link
     * RepairPolicy#TWO_WAYS}, see {@link io.syncflux.core.config.MonitorSettings#repairPolicy()}) in the same
     * pass, then compares the
     * repaired chunks again. Never throws: a check that cannot run is an outcome with an error
     * ({@link LastVerify.Outcome#FAILED}), never "identical".
     *
     * @param reason why the window is checked, for the log and the outcome
     */
    public static LastVerify run(LastVerify.Reason reason, InfluxNode from, InfluxNode to, TimeWindow w, RepairPolicy repair,
                                 CopySettings settings, Clock clock) {
        try {
            VerifyReport r = Verifier.builder().master(from).slave(to).window(w).settings(settings).clock(clock)
                    .repair(repair).build().run();
            return summarize(reason, w, r, from.name(), to.name(), clock);
        } catch (RuntimeException e) {
            LOG.error("{} check of {} failed: {}", reason, w, e.getMessage());
            return new LastVerify(reason, w, false, 0, false, false, clock.instant(), String.valueOf(e.getMessage()));
        }
    }

    /** The {@link LastVerify} of a finished verify, logged. */
    public static LastVerify summarize(LastVerify.Reason reason, TimeWindow w, VerifyReport r, String from, String to,
                                       Clock clock) {
        boolean consistent = r.consistent();
        LastVerify v = new LastVerify(reason, w, r.identical(), r.differences().size(),
                r.repair() != null && !r.identical(), consistent, clock.instant(),
                r.complete() ? null : "the check stopped before the end of the window",
                r.complete() && r.repair() != null && r.repair().ok() && onlyExtraOnSlave(r.remaining()));
        if (v.identical()) {
            LOG.info("{} check of {}: {} and {} are identical ({} chunks, {} series compared)", reason, w, from, to,
                    r.chunksCompared(), r.seriesCompared());
            return v;
        }
        logDifferences(reason, r);
        if (consistent) {
            LOG.info("{} check of {}: {} chunk(s), {} series differed; {} point(s) written, now identical", reason, w,
                    r.differences().size(), r.differingSeries(), r.repair().pointsWritten());
        } else {
            LOG.error("{} check of {}: {} chunk(s) differed, {} still differ after the repair{}", reason, w,
                    r.differences().size(), r.remaining().size(),
                    r.repair() == null || r.repair().ok() ? "" : " (" + r.repair().failures().size() + " failed write(s))");
        }
        return v;
    }

    /** True when what still differs is only points the slave holds and the master lacks. */
    private static boolean onlyExtraOnSlave(java.util.List<ChunkDiff> remaining) {
        return remaining.stream().allMatch(ChunkDiff::onlyExtraOnSlave);
    }

    private static void logDifferences(LastVerify.Reason reason, VerifyReport r) {
        int n = 0;
        for (ChunkDiff d : r.differences()) {
            for (SeriesDiff s : d.series()) {
                if (n++ >= LOGGED_SERIES) {
                    LOG.warn("{} check: ... and more ({} series in all)", reason, r.differingSeries());
                    return;
                }
                LOG.warn("{} check: {} [{}, {}): {}", reason, d.target(), d.start(), d.end(), s.describe());
            }
        }
    }
}
