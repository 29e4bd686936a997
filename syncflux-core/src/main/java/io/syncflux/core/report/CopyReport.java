package io.syncflux.core.report;

import io.syncflux.core.TimeWindow;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a copy. It succeeded only when {@link #ok()}: every planned range was copied.
 *
 * @param window    the requested window (for {@code -full}, the widest one)
 * @param perRp     statistics per source retention policy
 * @param failures  ranges that could not be copied
 * @param conflicts fields with different types in different shards
 * @param skipped   one line per source database or retention policy missing on the destination
 * @param elapsed   wall time of the whole copy
 * @param cancelled true when the copy was stopped before all units ran
 */
public record CopyReport(TimeWindow window, List<RpCopyStats> perRp, List<CopyFailure> failures,
                         List<TypeConflict> conflicts, List<String> skipped, Duration elapsed, boolean cancelled) {
    /** Copies the lists, which must not be null. */
    public CopyReport {
        perRp = List.copyOf(perRp);
        failures = List.copyOf(failures);
        conflicts = List.copyOf(conflicts);
        skipped = List.copyOf(skipped);
    }

    /** True when nothing failed and the copy was not cancelled. */
    public boolean ok() {
        return failures.isEmpty() && !cancelled;
    }

    /**
     * True when something failed and every failure is a {@linkplain CopyFailure#rejected() rejection}: the
     * destination answered throughout and refused some data for good, so running the copy again cannot
     * help and the node is not down. False when there are no failures.
     */
    public boolean onlyRejections() {
        return !failures.isEmpty() && failures.stream().allMatch(CopyFailure::rejected);
    }

    /** Points written in total. */
    public long points() {
        return perRp.stream().mapToLong(RpCopyStats::points).sum();
    }

    /** Line protocol bytes written in total. */
    public long bytes() {
        return perRp.stream().mapToLong(RpCopyStats::bytes).sum();
    }

    /** Work units planned in total. */
    public int units() {
        return perRp.stream().mapToInt(RpCopyStats::units).sum();
    }
}
