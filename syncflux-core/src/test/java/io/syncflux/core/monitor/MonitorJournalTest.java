package io.syncflux.core.monitor;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.journal.RecoveryJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The monitor's journal upkeep: restore, downtime from the heartbeat, heartbeats held back until checked. */
class MonitorJournalTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration CHECK = Duration.ofSeconds(10);

    private static HaStateMachine machine(Clock c) {
        return new HaStateMachine("m", "s", CHECK, c);
    }

    @Test
    void theDowntimeRunsFromTheLastHeartbeatMinusACheckIntervalAndHeartbeatsWaitForItsCheck(@TempDir Path dir) {
        Path file = dir.resolve("j.json");
        Clock first = Clock.fixed(T0, ZoneOffset.UTC);
        MonitorJournal j1 = MonitorJournal.open(file, machine(first), first, "m", "s", CHECK);
        assertThat(j1.downtime()).isEmpty();
        j1.heartbeat();
        assertThat(RecoveryJournal.open(file, first, "m", "s").state().heartbeat()).isEqualTo(T0);

        Clock second = Clock.fixed(T0.plusSeconds(300), ZoneOffset.UTC);
        MonitorJournal j2 = MonitorJournal.open(file, machine(second), second, "m", "s", CHECK);
        assertThat(j2.downtime()).contains(new TimeWindow(T0.minus(CHECK), T0.plusSeconds(300)));
        j2.heartbeat();
        assertThat(RecoveryJournal.open(file, second, "m", "s").state().heartbeat())
                .as("held back: a crash now must still see the first downtime").isEqualTo(T0);
        j2.downtimeChecked();
        assertThat(RecoveryJournal.open(file, second, "m", "s").state().heartbeat()).isEqualTo(T0.plusSeconds(300));
        assertThat(j2.problem()).isNull();
    }

    @Test
    void theMachinesOwedWindowsAreWrittenAndRestored(@TempDir Path dir) {
        Path file = dir.resolve("j.json");
        Clock c = Clock.fixed(T0, ZoneOffset.UTC);
        HaStateMachine m = machine(c);
        MonitorJournal j = MonitorJournal.open(file, m, c, "m", "s", CHECK);
        TimeWindow w = new TimeWindow(T0.minusSeconds(60), T0);
        m.requestRecovery(w);
        j.persist();
        HaStateMachine next = machine(c);
        MonitorJournal.open(file, next, c, "m", "s", CHECK);
        assertThat(next.status().pending()).containsExactly(w);
    }

    @Test
    void aCorruptJournalIsReportedAsAProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("j.json");
        Files.writeString(file, "not json");
        Clock c = Clock.fixed(T0, ZoneOffset.UTC);
        MonitorJournal j = MonitorJournal.open(file, machine(c), c, "m", "s", CHECK);
        assertThat(j.problem()).contains("unreadable").contains("j.json.corrupt-");
        j.persist();
        assertThat(j.problem()).as("still reported after a good write").contains("set aside");
    }
}
