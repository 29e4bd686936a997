package io.syncflux.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Small helpers every module's tests share: free ports, epoch nanoseconds, waiting for a condition. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A loopback port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The instant as epoch nanoseconds, as line protocol writes it. */
    public static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /**
     * Waits until the condition holds, checking every 10 ms.
     *
     * @throws AssertionError naming {@code what} when it does not hold within {@code max}
     */
    public static void await(String what, Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + max + " waiting for " + what);
            }
            sleep(10);
        }
    }

    /** Sleeps; an interrupt fails the test. */
    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
