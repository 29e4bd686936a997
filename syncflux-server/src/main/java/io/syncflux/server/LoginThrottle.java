package io.syncflux.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing, per client address: the first {@link #FREE_FAILURES} failed logins cost
 * nothing; each further one makes the address wait before its next try, 1 s doubling up to 60 s, during
 * which its requests that carry credentials are refused unchecked. A successful login clears the address.
 *
 * <p>Memory is bounded by {@code maxAddresses}, not by the number of clients: the least recently failing
 * address is forgotten first, and an address quiet for {@link #FORGET_AFTER} is forgotten. IPv6 clients are
 * counted per /64 network (one host usually holds a whole /64). Thread-safe; time comes from a monotonic
 * nanosecond source.
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 5;
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(60);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    static final int DEFAULT_MAX_ADDRESSES = 10_000;

    private final LongSupplier nanoTime;
    private final Map<String, Entry> entries;

    private static final class Entry {
        int failures;
        long lastFailure;
        long blockedUntil;
    }

    LoginThrottle(LongSupplier nanoTime, int maxAddresses) {
        this.nanoTime = nanoTime;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    LoginThrottle() {
        this(System::nanoTime, DEFAULT_MAX_ADDRESSES);
    }

    /** The key of a client: its address, or its /64 network for IPv6; {@code "-"} when unknown. */
    static String key(InetSocketAddress remote) {
        InetAddress a = remote == null ? null : remote.getAddress();
        if (a == null) {
            return "-";
        }
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                sb.append(String.format("%02x", b[i]));
                if (i % 2 == 1) {
                    sb.append(':');
                }
            }
            return sb.append(":/64").toString();
        }
        return a.getHostAddress();
    }

    /** Milliseconds (rounded up) before {@code key} may try to log in again; 0 when it may now. */
    synchronized long waitMillis(String key) {
        long now = nanoTime.getAsLong();
        Entry e = entries.get(key);
        if (e == null) {
            return 0;
        }
        if (now - e.lastFailure > FORGET_AFTER.toNanos()) {
            entries.remove(key);
            return 0;
        }
        long left = e.blockedUntil - now;
        return left <= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(left + 999_999);
    }

    /**
     * Records a failed login of {@code key}.
     *
     * @return the wait now imposed on the address, zero while it still has free failures
     */
    synchronized Duration failed(String key) {
        long now = nanoTime.getAsLong();
        expire(now);
        Entry e = entries.get(key);
        if (e == null || now - e.lastFailure > FORGET_AFTER.toNanos()) {
            e = new Entry();
            entries.put(key, e);
        }
        e.failures++;
        e.lastFailure = now;
        int over = e.failures - FREE_FAILURES;
        if (over <= 0) {
            return Duration.ZERO;
        }
        long delay = over > 20 ? MAX_DELAY.toNanos()
                : Math.min(MAX_DELAY.toNanos(), FIRST_DELAY.toNanos() << (over - 1));
        e.blockedUntil = now + delay;
        return Duration.ofNanos(delay);
    }

    /** Records a successful login: the address starts afresh. */
    synchronized void succeeded(String key) {
        entries.remove(key);
    }

    /** Addresses tracked now (for tests). */
    synchronized int size() {
        return entries.size();
    }

    /** Drops the entries quiet for longer than {@link #FORGET_AFTER}, oldest first. */
    private void expire(long now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (now - e.lastFailure > FORGET_AFTER.toNanos()) {
                it.remove();
            }
        }
    }
}
