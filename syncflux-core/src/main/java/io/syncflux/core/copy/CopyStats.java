package io.syncflux.core.copy;

import io.syncflux.core.report.RpCopyStats;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The running figures of a copy for one source retention policy, updated concurrently by the workers
 * and turned into an {@link RpCopyStats} at the end. Thread-safe.
 */
final class CopyStats {
    private final String db;
    private final String rp;
    private final String targetDb;
    private final String targetRp;
    private final LongAdder points = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder queries = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final AtomicInteger units = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);

    /** Figures of copying {@code db.rp} to {@code targetDb.targetRp}, all zero. */
    CopyStats(String db, String rp, String targetDb, String targetRp) {
        this.db = db;
        this.rp = rp;
        this.targetDb = targetDb;
        this.targetRp = targetRp;
    }

    /** One more unit planned. */
    void planned() {
        units.incrementAndGet();
    }

    /** A unit (or a group of units read together) started now. */
    void started() {
        firstStart.accumulateAndGet(System.nanoTime(), Math::min);
    }

    /** A unit ended now, copied or not. */
    void finished() {
        lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
    }

    /** A unit ended not copied (in part or in whole). */
    void failed() {
        failed.incrementAndGet();
    }

    /**
     * Write requests of an attempt were taken by the destination, in whole or in part, and no later attempt
     * writes the same range again: each point is counted once.
     */
    void written(long pointCount, long byteCount) {
        points.add(pointCount);
        bytes.add(byteCount);
    }

    /** A query was sent to the source. */
    void queried() {
        queries.increment();
    }

    /** A failed attempt is tried again: a unit's retry, or a read of several units copied again unit by unit. */
    void retried() {
        retries.increment();
    }

    /** The figures so far. */
    RpCopyStats toRecord() {
        long first = firstStart.get();
        long last = lastEnd.get();
        Duration elapsed = first == Long.MAX_VALUE || last < first ? Duration.ZERO : Duration.ofNanos(last - first);
        return new RpCopyStats(db, rp, targetDb, targetRp, points.sum(), bytes.sum(), units.get(), failed.get(),
                elapsed, queries.sum(), retries.sum());
    }
}
