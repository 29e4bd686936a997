package io.syncflux.core.monitor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CrashGuardTest {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    @Test
    void aVerifyThatReturnsOrThrowsLeavesNoMarker(@TempDir Path dir) {
        Path f = dir.resolve("j.verify");
        CrashGuard g = CrashGuard.open(f, at(T0));
        assertThat(g.during("v", () -> {
            assertThat(f).exists();
            return 7;
        })).isEqualTo(7);
        assertThat(f).doesNotExist();
        assertThatThrownBy(() -> g.during("v", () -> {
            throw new IllegalStateException("node down");
        })).hasMessage("node down");
        assertThat(f).doesNotExist();
        assertThat(CrashGuard.open(f, at(T0)).backoff()).isNull();
    }

    @Test
    void aDeathDuringAVerifyHoldsVerifiesBackLongerEachTimeInARowAndASuccessClearsIt(@TempDir Path dir) {
        Path f = dir.resolve("j.verify");
        Instant now = T0;
        Duration[] waits = {Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(40)};
        for (int crash = 1; crash <= 3; crash++) {
            CrashGuard g = CrashGuard.open(f, at(now));
            // the verify dies of an error: the process ends with the marker in place
            assertThatThrownBy(() -> g.during("anti-entropy verify", () -> {
                throw new OutOfMemoryError("Java heap space");
            })).isInstanceOf(OutOfMemoryError.class);
            assertThat(f).exists();
            CrashGuard next = CrashGuard.open(f, at(now.plusSeconds(5)));
            CrashGuard.Backoff b = next.backoff();
            assertThat(b).isNotNull();
            assertThat(b.crashes()).isEqualTo(crash);
            assertThat(b.activity()).isEqualTo("anti-entropy verify");
            assertThat(b.until()).isEqualTo(now.plusSeconds(5).plus(waits[crash - 1]));
            // a restart during the hold keeps it, without counting another death
            assertThat(CrashGuard.open(f, at(now.plusSeconds(6))).backoff()).isEqualTo(b);
            now = b.until().plusSeconds(1);
            assertThat(CrashGuard.open(f, at(now)).backoff()).as("the hold ends").isNull();
        }
        CrashGuard g = CrashGuard.open(f, at(now));
        g.during("anti-entropy verify", () -> 1);
        assertThat(f).doesNotExist();
        assertThatThrownBy(() -> g.during("x", () -> {
            throw new StackOverflowError();
        })).isInstanceOf(StackOverflowError.class);
        assertThat(CrashGuard.open(f, at(now)).backoff().crashes()).as("the count starts again").isEqualTo(1);
    }

    @Test
    void theHoldIsAtMostADay(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("j.verify");
        Files.writeString(f, "activity=v\nrunning=true\ncrashes=40\n");
        assertThat(CrashGuard.open(f, at(T0)).backoff().until()).isEqualTo(T0.plus(Duration.ofDays(1)));
    }

    @Test
    void withoutAJournalNothingIsKept(@TempDir Path dir) {
        CrashGuard g = CrashGuard.none(at(T0));
        assertThat(g.during("v", () -> 3)).isEqualTo(3);
        assertThat(g.backoff()).isNull();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void anUnreadableMarkerIsIgnored(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("j.verify");
        Files.write(f, new byte[]{(byte) 0xff, 0, 1});
        assertThat(CrashGuard.open(f, at(T0)).backoff()).isNull();
    }
}
