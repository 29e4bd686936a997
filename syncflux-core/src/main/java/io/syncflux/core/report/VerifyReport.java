package io.syncflux.core.report;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.api.VerifyMode;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of comparing two nodes. "Identical" (nothing differed at the first comparison) is kept
 * apart from "consistent" (identical, or repaired and found identical by a second comparison of what
 * was repaired).
 *
 * @param mode            how the nodes were compared
 * @param window          the compared window (the widest one for a full verify)
 * @param chunksCompared  (measurement, chunk) pairs compared
 * @param seriesCompared  (series, chunk) pairs compared, over both nodes
 * @param differences     chunks whose content differs, with exact counts and a bounded sample of their
 *                        differing series
 * @param repair          what the repair did, or null when not repairing
 * @param remaining       differences still present when the repaired chunks were compared again (empty
 *                        when not repairing)
 * @param complete        false when the verify stopped before comparing every chunk (cancelled, or
 *                        yielding to a recovery); then it proves nothing about the rest
 * @param elapsed         wall time
 */
public record VerifyReport(VerifyMode mode, TimeWindow window, long chunksCompared, long seriesCompared,
                           List<ChunkDiff> differences, RepairSummary repair, List<ChunkDiff> remaining,
                           boolean complete, Duration elapsed) {
    /** Copies the lists. */
    public VerifyReport {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(window, "window");
        differences = List.copyOf(differences);
        remaining = List.copyOf(remaining);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** True when the whole window was compared and the nodes held the same data (before any repair). */
    public boolean identical() {
        return complete && differences.isEmpty();
    }

    /** True when, after this run, the whole window holds the same data: identical, or repaired completely. */
    public boolean consistent() {
        if (!complete) {
            return false;
        }
        return repair == null ? differences.isEmpty() : remaining.isEmpty() && repair.ok();
    }

    /** True when differences were found and a repair left none behind. */
    public boolean repairedToIdentical() {
        return !identical() && consistent();
    }

    /** Differing (series, chunk) pairs over all differing chunks (before any repair), listed or not. */
    public long differingSeries() {
        return differences.stream().mapToLong(ChunkDiff::differingSeries).sum();
    }

    /** True when the differences list only a sample of the differing series (see {@link ChunkDiff#sampled()}). */
    public boolean sampled() {
        return differences.stream().anyMatch(ChunkDiff::sampled) || remaining.stream().anyMatch(ChunkDiff::sampled);
    }
}
