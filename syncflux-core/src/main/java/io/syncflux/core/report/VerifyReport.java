package io.syncflux.core.report;

import io.syncflux.core.TimeWindow;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of comparing two nodes.
 *
 * @param window          the compared window (the widest one for a full verify)
 * @param chunksCompared  (measurement, chunk) pairs compared
 * @param differences     pairs whose per-field point counts differ
 * @param repairs         copy reports of the repair pass (empty when not repairing)
 * @param remaining       differences still present after the repair (empty when not repairing)
 * @param elapsed         wall time
 */
public record VerifyReport(TimeWindow window, long chunksCompared, List<ChunkDiff> differences,
                           List<CopyReport> repairs, List<ChunkDiff> remaining, Duration elapsed) {
    public VerifyReport {
        differences = List.copyOf(differences);
        repairs = List.copyOf(repairs);
        remaining = List.copyOf(remaining);
    }

    /** True when the nodes held the same data (before any repair). */
    public boolean identical() {
        return differences.isEmpty();
    }

    /** True when, after this run, the nodes hold the same data: identical, or repaired completely. */
    public boolean consistent() {
        return repairs.isEmpty() ? differences.isEmpty()
                : remaining.isEmpty() && repairs.stream().allMatch(CopyReport::ok);
    }
}
