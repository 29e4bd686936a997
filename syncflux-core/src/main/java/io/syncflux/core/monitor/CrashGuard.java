package io.syncflux.core.monitor;

import io.syncflux.core.api.AtomicFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Keeps a process that died during a verify (an {@code OutOfMemoryError} with {@code ExitOnOutOfMemoryError}, a
 * kill by the kernel, any crash) from walking straight back into the same verify once its service manager
 * restarts it: a marker file says which verify is running; a marker found at start means the last process
 * died during it, and verifies are held back, for 10 minutes after the first such death, twice as long after
 * each further one in a row (at most a day). A verify that ends, well or with an error it reports, clears the
 * count.
 *
 * <p>The file sits next to the journal ({@code <journal>.verify}); without a journal nothing is kept.
 * Thread-safe.
 */
public final class CrashGuard {
    private static final Logger LOG = LoggerFactory.getLogger(CrashGuard.class);
    static final Duration FIRST_BACKOFF = Duration.ofMinutes(10);
    static final Duration MAX_BACKOFF = Duration.ofDays(1);

    /**
     * Verifies are held back until {@code until} because a process died during one.
     *
     * @param activity what was running when the process died
     * @param started  when it had started
     * @param crashes  deaths during a verify in a row
     * @param until    when verifies may run again
     */
    public record Backoff(String activity, Instant started, int crashes, Instant until) {
    }

    private final Path file;
    private final Clock clock;
    private Backoff backoff;
    private int crashes;

    private CrashGuard(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** A guard that keeps nothing (no journal). */
    public static CrashGuard none(Clock clock) {
        return new CrashGuard(null, clock);
    }

    /** Opens the guard kept in {@code file}, and finds out whether the last process died during a verify. */
    public static CrashGuard open(Path file, Clock clock) {
        CrashGuard g = new CrashGuard(file, clock);
        g.load();
        return g;
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read {} ({}): ignoring it", file, e.getMessage());
            return;
        }
        crashes = parseInt(p.getProperty("crashes"));
        Instant started = parseInstant(p.getProperty("started"));
        String activity = p.getProperty("activity", "a verify");
        Instant until = parseInstant(p.getProperty("until"));
        if (Boolean.parseBoolean(p.getProperty("running"))) {
            crashes++;
            long factor = 1L << Math.min(crashes - 1, 20);
            Duration wait = FIRST_BACKOFF.multipliedBy(factor);
            until = clock.instant().plus(wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait);
            LOG.warn("the last run of this monitor ended while running {} (started {}): {} time(s) in a row; verifies"
                    + " wait until {}", activity, started, crashes, until);
            write(activity, started, false, until);
        }
        if (until != null && until.isAfter(clock.instant())) {
            backoff = new Backoff(activity, started, crashes, until);
        }
    }

    /** The hold on verifies, or null when they may run. */
    public synchronized Backoff backoff() {
        if (backoff != null && !backoff.until().isAfter(clock.instant())) {
            backoff = null;
        }
        return backoff;
    }

    /**
     * Runs a verify with the marker set: if the process dies before it returns, the next start holds verifies
     * back. A return or an exception clears the marker and the count of deaths.
     */
    public <T> T during(String activity, Supplier<T> work) {
        if (file == null) {
            return work.get();
        }
        synchronized (this) {
            write(activity, clock.instant(), true, null);
        }
        boolean died = true;
        try {
            T result = work.get();
            died = false;
            return result;
        } catch (RuntimeException e) {
            died = false;
            throw e;
        } finally {
            // an Error leaves the marker: the process is about to end because of it
            if (!died) {
                synchronized (this) {
                    crashes = 0;
                    clear();
                }
            }
        }
    }

    private void write(String activity, Instant started, boolean running, Instant until) {
        Properties p = new Properties();
        p.setProperty("activity", activity);
        if (started != null) {
            p.setProperty("started", started.toString());
        }
        p.setProperty("running", String.valueOf(running));
        p.setProperty("crashes", String.valueOf(crashes));
        if (until != null) {
            p.setProperty("until", until.toString());
        }
        StringWriter w = new StringWriter();
        try {
            p.store(w, "syncflux: the verify running now, or deaths during verifies in a row");
            AtomicFile.write(file, w.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", file, e.getMessage());
        }
    }

    private void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.getMessage());
        }
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Math.max(0, Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant parseInstant(String s) {
        try {
            return s == null ? null : Instant.parse(s.trim());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
