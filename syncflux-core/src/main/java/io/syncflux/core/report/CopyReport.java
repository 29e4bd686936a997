package io.syncflux.core.report;

import io.syncflux.core.api.TimeWindow;

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
 * @param rateLimit the write rate the copy was held to, in points per second; 0 when unlimited
 */
public record CopyReport(TimeWindow window, List<RpCopyStats> perRp, List<CopyFailure> failures,
                         List<TypeConflict> conflicts, List<String> skipped, Duration elapsed, boolean cancelled,
                         long rateLimit) {
    /** Copies the lists, which must not be null. */
    public CopyReport {
        perRp = List.copyOf(perRp);
        failures = List.copyOf(failures);
        conflicts = List.copyOf(conflicts);
        skipped = List.copyOf(skipped);
    }

    /** A report of a copy without a rate limit. */
    public CopyReport(TimeWindow window, List<RpCopyStats> perRp, List<CopyFailure> failures,
                      List<TypeConflict> conflicts, List<String> skipped, Duration elapsed, boolean cancelled) {
        this(window, perRp, failures, conflicts, skipped, elapsed, cancelled, 0);
    }

    /** Queries sent to the source in total. */
    public long queries() {
        return perRp.stream().mapToLong(RpCopyStats::queries).sum();
    }

    /**
     * Failed reads or writes tried again, in total: the units' retries and the reads of several units copied
     * again unit by unit.
     */
    public long retries() {
        return perRp.stream().mapToLong(RpCopyStats::retries).sum();
    }

    /** True when nothing failed and the copy was not cancelled. */
    public boolean ok() {
        return failures.isEmpty() && !cancelled;
    }

    /**
     * True when the copy failed only because the destination refused some data for good: there are
     * failures, all {@link CopyFailure#rejected() rejected}, and the copy was not cancelled. Copying the
     * same window again would fail the same way.
     */
    public boolean onlyRejections() {
        return !failures.isEmpty() && !cancelled && failures.stream().allMatch(CopyFailure::rejected);
    }

    /** Points the destination took in total, each counted once however often it was written. */
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
