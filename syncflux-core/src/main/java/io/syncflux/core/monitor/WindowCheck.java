package io.syncflux.core.monitor;

import io.syncflux.core.TimeWindow;
import io.syncflux.core.Verifier;
import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.report.VerifyReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** Checks a window of the HA pair with {@link Verifier} and sums the outcome up as a {@link LastVerify}. */
public final class WindowCheck {
    private static final Logger LOG = LoggerFactory.getLogger(WindowCheck.class);

    private WindowCheck() {
    }

    /**
     * Compares {@code from} (the reference) and {@code to} over {@code w}. With {@code repairAtOnce} the
     * differing chunks are repaired in the same pass; otherwise a second pass repairs only when the first
     * found differences. Never throws: a check that cannot run is an outcome with an error.
     *
     * @param reason  {@code recovery} or {@code downtime}, for the log and the outcome
     * @param twoWays repair in both directions (the node with fewer points gets the other's)
     */
    public static LastVerify run(String reason, InfluxNode from, InfluxNode to, TimeWindow w, boolean repairAtOnce,
                                 boolean twoWays, GeneralConfig settings, Clock clock) {
        try {
            VerifyReport r = verifier(from, to, w, repairAtOnce, twoWays, settings, clock).run();
            VerifyReport repaired = r;
            if (!repairAtOnce && !r.identical()) {
                LOG.warn("{} check of {}: {} chunks differ between {} and {}; repairing once", reason, w,
                        r.differences().size(), from.name(), to.name());
                repaired = verifier(from, to, w, true, twoWays, settings, clock).run();
            }
            boolean consistent = repaired.consistent();
            LastVerify v = new LastVerify(reason, w, r.identical(), r.differences().size(),
                    !repaired.repairs().isEmpty(), consistent, clock.instant(), null);
            if (v.identical()) {
                LOG.info("{} check of {}: {} and {} are identical ({} chunks compared)", reason, w, from.name(),
                        to.name(), r.chunksCompared());
            } else if (consistent) {
                LOG.info("{} check of {}: {} chunks differed and were repaired", reason, w, r.differences().size());
            } else {
                LOG.error("{} check of {}: {} chunks differed, {} still differ after the repair", reason, w,
                        r.differences().size(), repaired.remaining().size());
            }
            return v;
        } catch (RuntimeException e) {
            LOG.error("{} check of {} failed: {}", reason, w, e.getMessage());
            return new LastVerify(reason, w, false, 0, false, false, clock.instant(), String.valueOf(e.getMessage()));
        }
    }

    private static Verifier verifier(InfluxNode from, InfluxNode to, TimeWindow w, boolean repair, boolean twoWays,
                                     GeneralConfig settings, Clock clock) {
        return Verifier.builder().master(from).slave(to).window(w).settings(settings).clock(clock).repair(repair)
                .twoWays(twoWays).build();
    }
}
