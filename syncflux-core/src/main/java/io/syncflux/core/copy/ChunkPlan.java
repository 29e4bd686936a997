package io.syncflux.core.copy;

import io.syncflux.core.CopyOrder;
import io.syncflux.core.TimeWindow;
import io.syncflux.core.influx.ShardGroup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Splits a window into half-open chunks of at most the chunk duration, cut again at shard-group
 * boundaries so that no query spans two shard groups (within one a field has one type), and keeps only
 * the pieces that overlap a shard group (elsewhere there is no data).
 */
public final class ChunkPlan {
    private ChunkPlan() {
    }

    /**
     * Plans the chunks of one retention policy.
     *
     * @param groups the policy's shard groups; pieces outside all of them are dropped
     */
    public static List<TimeWindow> chunks(TimeWindow window, Duration chunk, List<ShardGroup> groups, CopyOrder order) {
        if (chunk.isZero() || chunk.isNegative()) {
            throw new IllegalArgumentException("chunk duration must be positive");
        }
        List<TimeWindow> out = new ArrayList<>();
        Instant t = window.start();
        while (t.isBefore(window.end())) {
            Instant next = t.plus(chunk);
            if (next.isAfter(window.end()) || next.isBefore(t)) {
                next = window.end();
            }
            for (ShardGroup g : groups) {
                Instant s = g.start().isAfter(t) ? g.start() : t;
                Instant e = g.end().isBefore(next) ? g.end() : next;
                if (s.isBefore(e)) {
                    out.add(new TimeWindow(s, e));
                }
            }
            t = next;
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
}
