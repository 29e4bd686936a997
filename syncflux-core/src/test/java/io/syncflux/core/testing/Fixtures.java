package io.syncflux.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** Small helpers every module's tests share: free ports, epoch nanoseconds, waiting for a condition. */
public final class Fixtures {
    private Fixtures() {
    }

    /** Ports handed out so far start at a random place in [{@link #LOW}, below the ephemeral range). */
    private static final int LOW = 20_000;
    private static final AtomicInteger NEXT = new AtomicInteger(-1);
    private static final int EPHEMERAL_LOW = ephemeralLow();

    /**
     * A loopback port nothing listens on right now, taken below the kernel's ephemeral range and never
     * handed out twice in one JVM. A port from the ephemeral range (what binding port 0 gives) can be
     * taken, between this call and the server's bind, by the local end of any outgoing connection the
     * tests open; one below it cannot.
     */
    public static int freePort() {
        int high = EPHEMERAL_LOW - 1;
        int span = high - LOW + 1;
        if (span < 1_000) {
            return anyFreePort();
        }
        NEXT.compareAndSet(-1, ThreadLocalRandom.current().nextInt(span));
        for (int tries = 0; tries < span; tries++) {
            int port = LOW + Math.floorMod(NEXT.getAndIncrement(), span);
            if (bindable(port)) {
                return port;
            }
        }
        return anyFreePort();
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int anyFreePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A /proc file's text; {@code Files.readString} trusts the size /proc reports and may cut it short. */
    private static String procFile(String path) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
    }

    /** The low end of {@code net.ipv4.ip_local_port_range}; Linux's default 32768 when it cannot be read. */
    private static int ephemeralLow() {
        try {
            String range = procFile("/proc/sys/net/ipv4/ip_local_port_range");
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
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
