package io.syncflux.server;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-address login throttle with a hand-moved clock. */
class LoginThrottleTest {
    final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void fiveFreeFailuresThenAWaitThatDoublesUpToAMinute() {
        LoginThrottle t = new LoginThrottle(now::get, 100);
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(t.waitMillis("a")).isZero();
            assertThat(t.failed("a")).isZero();
        }
        long[] expected = {1, 2, 4, 8, 16, 32, 60, 60};
        for (long seconds : expected) {
            assertThat(t.failed("a")).isEqualTo(Duration.ofSeconds(seconds));
            assertThat(t.waitMillis("a")).isEqualTo(seconds * 1000);
            advance(Duration.ofSeconds(seconds).minusMillis(1));
            assertThat(t.waitMillis("a")).isEqualTo(1);
            advance(Duration.ofMillis(1));
            assertThat(t.waitMillis("a")).isZero();
        }
        assertThat(t.waitMillis("b")).as("another address is not slowed").isZero();
    }

    @Test
    void aSuccessfulLoginClearsTheAddress() {
        LoginThrottle t = new LoginThrottle(now::get, 100);
        for (int i = 0; i < 7; i++) {
            t.failed("a");
        }
        advance(Duration.ofMinutes(1));
        t.succeeded("a");
        assertThat(t.size()).isZero();
        assertThat(t.failed("a")).as("free failures again").isZero();
    }

    @Test
    void anAddressQuietForFifteenMinutesStartsAfresh() {
        LoginThrottle t = new LoginThrottle(now::get, 100);
        for (int i = 0; i < 8; i++) {
            t.failed("a");
        }
        advance(LoginThrottle.FORGET_AFTER.plusSeconds(1));
        assertThat(t.waitMillis("a")).isZero();
        assertThat(t.failed("a")).isZero();
    }

    @Test
    void memoryIsBoundedByTheAddressLimitNotByTheClients() {
        LoginThrottle t = new LoginThrottle(now::get, 1000);
        for (int i = 0; i < 100_000; i++) {
            t.failed("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        assertThat(t.size()).isEqualTo(1000);
        // the most recent addresses are the ones kept
        for (int i = 0; i < 5; i++) {
            t.failed("10.1.134.159");
        }
        assertThat(t.waitMillis("10.1.134.159")).isPositive();
    }

    @Test
    void ipv6ClientsCountPerSlash64() throws Exception {
        String a = LoginThrottle.key(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2::1"), 1));
        String b = LoginThrottle.key(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2:ffff::9"), 2));
        String c = LoginThrottle.key(new InetSocketAddress(InetAddress.getByName("2001:db8:1:3::1"), 1));
        assertThat(a).isEqualTo(b).isEqualTo("2001:0db8:0001:0002::/64");
        assertThat(c).isNotEqualTo(a);
        assertThat(LoginThrottle.key(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 5)))
                .isEqualTo("192.0.2.7");
        assertThat(LoginThrottle.key(null)).isEqualTo("-");
    }
}
