package io.syncflux.cli;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.event.CopyListener;
import io.syncflux.core.event.WorkUnit;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copy progress on stderr: on a terminal a line rewritten in place every second, otherwise one line
 * every ten seconds (log friendly). Listener methods only update counters, so they are fast and
 * thread-safe; a timer thread prints.
 */
final class CopyProgress implements CopyListener, AutoCloseable {
    private final PrintStream err;
    private final boolean live;
    private final Duration every;
    private final AtomicInteger planned = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong points = new AtomicLong();
    private final ScheduledExecutorService timer;
    private final long startNanos = System.nanoTime();
    private volatile long rateLimit;
    private int lastWidth;
    private boolean printed;
    private boolean closed;

    /** Live {@code \r} updates each second when {@code live}, else a line each ten seconds. */
    CopyProgress(PrintStream err, boolean live) {
        this(err, live, live ? Duration.ofSeconds(1) : Duration.ofSeconds(10));
    }

    CopyProgress(PrintStream err, boolean live, Duration every) {
        this.err = err;
        this.live = live;
        this.every = every;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "syncflux-progress");
            t.setDaemon(true);
            return t;
        });
    }

    /** Shows this write rate limit (points per second; 0 = none) beside the rate. */
    CopyProgress rateLimit(long pointsPerSecond) {
        this.rateLimit = pointsPerSecond;
        return this;
    }

    @Override
    public void planned(int units, TimeWindow window) {
        planned.set(units);
        long ms = every.toMillis();
        timer.scheduleAtFixedRate(this::print, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public void pointsWritten(WorkUnit unit, long n, long bytes) {
        points.addAndGet(n);
    }

    /** A failed attempt's points will be written again: counted once, as the report counts them. */
    @Override
    public void pointsSuperseded(WorkUnit unit, long n, long bytes) {
        points.addAndGet(-n);
    }

    @Override
    public void unitFinished(WorkUnit unit, long n) {
        done.incrementAndGet();
    }

    @Override
    public void unitFailed(WorkUnit unit, String error) {
        done.incrementAndGet();
        failed.incrementAndGet();
    }

    /** The progress line: percent of units, units, points, points/s, ETA. */
    String line() {
        int total = planned.get();
        int d = Math.min(done.get(), total);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        long p = points.get();
        String pct = total == 0 ? "100" : String.valueOf(d * 100L / total);
        String eta;
        if (d == 0) {
            eta = "?";
        } else if (d >= total) {
            eta = "0s";
        } else {
            eta = Printer.duration(Duration.ofSeconds(elapsed.toSeconds() * (total - d) / d));
        }
        int f = failed.get();
        long limit = rateLimit;
        return String.format(Locale.ROOT, "copy %3s%% %d/%d units%s, %d points, %d points/s%s, ETA %s", pct, d, total,
                f == 0 ? "" : " (" + f + " failed)", p, Printer.rate(p, elapsed),
                limit > 0 ? " (limit " + limit + ")" : "", eta);
    }

    private synchronized void print() {
        String s = line();
        if (live) {
            int pad = Math.max(0, lastWidth - s.length());
            err.print("\r" + s + " ".repeat(pad));
            lastWidth = s.length();
        } else {
            err.println(s);
        }
        err.flush();
        printed = true;
    }

    /** Stops the timer; on a terminal, ends the live line with the final state. Idempotent. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (live && printed) {
                print();
                err.println();
            }
        }
    }
}
