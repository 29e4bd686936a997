package io.syncflux.cli;

import io.syncflux.core.api.GoDuration;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Where the CLI writes: results on {@code out}, errors and progress on {@code err}. Errors are one
 * line each, prefixed with {@code syncflux: }.
 */
final class Printer {
    private final PrintStream out;
    private final PrintStream err;

    Printer(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** A result line on stdout. */
    void line(String s) {
        out.println(s);
    }

    /** {@code syncflux: <problem>} on stderr; any line breaks in the problem become spaces. */
    void error(String problem) {
        err.println("syncflux: " + oneLine(problem));
    }

    static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /** A duration for people: {@code 1m2.345s}, {@code 850ms}; milliseconds at most. */
    static String duration(Duration d) {
        Duration ms = Duration.ofMillis(d.toMillis());
        return GoDuration.format(ms);
    }

    /** Points per second over a duration, 0 when the duration is zero. */
    static long rate(long count, Duration d) {
        long nanos = d.toNanos();
        return nanos <= 0 ? 0 : (long) (count * 1e9 / nanos);
    }

    /** Bytes as {@code 1.5 MiB}. */
    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
