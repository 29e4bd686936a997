package io.syncflux.core.report;

import io.syncflux.core.api.TimeWindow;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The outcome of one {@link io.syncflux.core.verify.AntiEntropy} pass.
 *
 * @param startedAt                    when the pass started
 * @param finishedAt                   when it ended
 * @param window                       the compared window
 * @param outcome                      what the pass found (and did)
 * @param differingChunks              chunks that differed at the first comparison
 * @param differingSeries              (series, chunk) pairs that differed at the first comparison
 * @param pointsRepaired               points written by the repair, both directions
 * @param differingChunksByMeasurement differing chunks by {@code db.rp.measurement}
 * @param pointsRepairedByMeasurement  points written by {@code db.rp.measurement}
 * @param error                        a one-line reason for {@link Outcome#FAILED}, {@link Outcome#SKIPPED}
 *                                     or {@link Outcome#YIELDED}, else null
 */
public record AntiEntropyResult(Instant startedAt, Instant finishedAt, TimeWindow window, Outcome outcome,
                                int differingChunks, long differingSeries, long pointsRepaired,
                                Map<String, Long> differingChunksByMeasurement,
                                Map<String, Long> pointsRepairedByMeasurement, String error) {

    /** What a pass found. */
    public enum Outcome {
        /** Both nodes held the same data over the whole window. */
        IDENTICAL,
        /** They differed, and the repair made them identical (compared again). */
        REPAIRED,
        /** They differ (not repairing, or the repair could not fix everything). */
        DIFFERS,
        /** Not run: a node was not OK or a recovery was running. */
        SKIPPED,
        /** Stopped midway to let a recovery run; what was compared is in the counts. */
        YIELDED,
        /** A node could not be read. */
        FAILED;

        /** The lower-case name for JSON and metrics labels. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Copies the maps (sorted). */
    public AntiEntropyResult {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(outcome, "outcome");
        differingChunksByMeasurement = Collections.unmodifiableMap(new TreeMap<>(differingChunksByMeasurement));
        pointsRepairedByMeasurement = Collections.unmodifiableMap(new TreeMap<>(pointsRepairedByMeasurement));
    }
}
