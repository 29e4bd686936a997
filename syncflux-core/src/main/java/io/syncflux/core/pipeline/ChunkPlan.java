package io.syncflux.core.pipeline;

import io.syncflux.core.api.CopyOrder;
import io.syncflux.core.api.GoDuration;
import io.syncflux.core.api.SyncfluxException;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.influx.ShardGroup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Splits a window into half-open chunks of at most the chunk duration, cut again at shard-group
 * boundaries so that no query spans two shard groups (within one a field has one type), and keeps only
 * the pieces that overlap a shard group (elsewhere there is no data).
 */
public final class ChunkPlan {
    private ChunkPlan() {
    }

    /** Most chunks in one plan (each is at least one query): beyond this the chunk is too short for the window. */
    public static final int MAX_CHUNKS = 1_000_000;

    /**
     * Plans the chunks of one retention policy. Chunk boundaries are multiples of the chunk duration
     * from the window start; only the time covered by shard groups is walked, so a window reaching far
     * into the past or future costs nothing where there are no shards.
     *
     * @param groups the policy's shard groups; pieces outside all of them are dropped
     * @throws SyncfluxException (usage) when the plan would have more than {@link #MAX_CHUNKS} chunks
     */
    public static List<TimeWindow> chunks(TimeWindow window, Duration chunk, List<ShardGroup> groups, CopyOrder order) {
        if (chunk.isZero() || chunk.isNegative()) {
            throw new IllegalArgumentException("chunk duration must be positive");
        }
        Instant ws = window.start();
        // counted first, so that a chunk far too short for the window is refused before anything is built
        long count = 0;
        for (ShardGroup g : groups) {
            Instant s = g.start().isAfter(ws) ? g.start() : ws;
            Instant e = g.end().isBefore(window.end()) ? g.end() : window.end();
            if (s.isBefore(e)) {
                try {
                    long first = Duration.between(ws, s).dividedBy(chunk);
                    long last = Duration.between(ws, e.minusNanos(1)).dividedBy(chunk);
                    count = Math.addExact(count, last - first + 1);
                } catch (ArithmeticException overflow) {
                    count = Long.MAX_VALUE;
                }
            }
        }
        if (count > MAX_CHUNKS) {
            throw SyncfluxException.usage("chunk duration " + GoDuration.format(chunk) + " cuts " + window + " into "
                    + (count == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : Long.toString(count))
                    + " chunks, more than " + MAX_CHUNKS + ": use a longer chunk");
        }
        List<TimeWindow> out = new ArrayList<>((int) count);
        for (ShardGroup g : groups) {
            Instant s = g.start().isAfter(ws) ? g.start() : ws;
            Instant e = g.end().isBefore(window.end()) ? g.end() : window.end();
            if (!s.isBefore(e)) {
                continue;
            }
            Instant cs = ws.plus(chunk.multipliedBy(Duration.between(ws, s).dividedBy(chunk)));
            while (cs.isBefore(e)) {
                Instant ce = cs.plus(chunk);
                out.add(new TimeWindow(cs.isAfter(s) ? cs : s, ce.isBefore(e) ? ce : e));
                cs = ce;
            }
        }
        out.sort((a, b) -> a.start().compareTo(b.start()));
        if (order == CopyOrder.BACKWARD) {
            Collections.reverse(out);
        }
        return out;
    }

    /**
     * The whole retention of a policy as a window ending now: from now minus its duration, or minus
     * {@code maxRetention} when the policy is infinite or keeps data longer ({@code -full}).
     */
    public static TimeWindow retentionWindow(io.syncflux.core.influx.RetentionPolicy rp, Instant now,
                                             Duration maxRetention) {
        Duration back = rp.infinite() || rp.duration().compareTo(maxRetention) > 0 ? maxRetention : rp.duration();
        return new TimeWindow(now.minus(back), now);
    }

    /** Splits a window into at most {@code n} equal half-open parts (fewer when it is shorter than n ns). */
    public static List<TimeWindow> split(TimeWindow w, int n) {
        long start = w.startNanos();
        long len = w.endNanos() - start;
        int parts = (int) Math.max(1, Math.min(n, len));
        List<TimeWindow> out = new ArrayList<>(parts);
        long prev = start;
        for (int i = 1; i <= parts; i++) {
            long end = i == parts ? w.endNanos() : start + len / parts * i;
            out.add(new TimeWindow(ofNanos(prev), ofNanos(end)));
            prev = end;
        }
        return out;
    }

    static Instant ofNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /**
     * Cuts chunks (or units of chunks), in the order given, into the runs that one query may read:
     * consecutive items of which each may be read with the one before it ({@code together}), spanning at
     * most {@code maxSpan} from the earliest start to the latest end. The order is kept, forward or
     * backward, so that short chunks do not each pay a query while the chunk stays the unit of progress.
     *
     * @param together true when the second item may be read by the query that reads the first
     */
    public static <T> List<List<T>> readRuns(List<T> items, BiPredicate<T, T> together, Function<T, Instant> start,
                                             Function<T, Instant> end, Duration maxSpan) {
        List<List<T>> out = new ArrayList<>();
        List<T> run = new ArrayList<>();
        Instant runStart = null;
        Instant runEnd = null;
        for (T item : items) {
            Instant s = start.apply(item);
            Instant e = end.apply(item);
            if (!run.isEmpty()) {
                Instant from = s.isBefore(runStart) ? s : runStart;
                Instant to = e.isAfter(runEnd) ? e : runEnd;
                if (together.test(run.get(run.size() - 1), item) && Duration.between(from, to).compareTo(maxSpan) <= 0) {
                    s = from;
                    e = to;
                } else {
                    out.add(run);
                    run = new ArrayList<>();
                }
            }
            run.add(item);
            runStart = s;
            runEnd = e;
        }
        if (!run.isEmpty()) {
            out.add(run);
        }
        return out;
    }

    /**
     * The id of the shard group holding the chunk's start (the chunks of {@link #chunks} never cross a
     * group boundary), or -1 when none does; {@code groups} must be sorted by start and disjoint.
     */
    public static long groupOf(TimeWindow c, List<ShardGroup> groups) {
        int lo = 0;
        int hi = groups.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (!groups.get(mid).start().isAfter(c.start())) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && c.start().isBefore(groups.get(found).end()) ? groups.get(found).id() : -1;
    }

}
