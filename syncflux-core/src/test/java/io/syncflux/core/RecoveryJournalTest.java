package io.syncflux.core;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.journal.JournalState;
import io.syncflux.core.journal.PendingRecovery;
import io.syncflux.core.journal.RecoveryJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveryJournalTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);
    static final TimeWindow W = new TimeWindow(Instant.parse("2024-05-01T10:00:00.000000001Z"),
            Instant.parse("2024-05-01T11:00:00Z"));

    @Test
    void whatIsWrittenSurvivesAReopen(@TempDir Path dir) {
        RecoveryJournal j = RecoveryJournal.open(dir, CLOCK);
        j.update(s -> s.withHeartbeat(CLOCK.instant()).withOutage("influx02", W.start())
                .withPending(new PendingRecovery("r1", "influx01", "influx02", W, List.of("cpu@1"))));
        j.update(s -> s.withPending(s.pending().get(0).withDone("mem@2")));

        JournalState again = RecoveryJournal.open(dir, CLOCK).state();
        assertThat(again).isEqualTo(j.state());
        assertThat(again.openOutages()).containsEntry("influx02", W.start());
        assertThat(again.pending()).singleElement().satisfies(p -> {
            assertThat(p.window()).isEqualTo(W);
            assertThat(p.done()).containsExactly("cpu@1", "mem@2");
        });
        assertThat(dir.resolve("journal.json.tmp")).doesNotExist();
    }

    @Test
    void rejectedRangesSurviveAReopenWithTheirReasons(@TempDir Path dir) {
        RecoveryJournal j = RecoveryJournal.open(dir, CLOCK);
        io.syncflux.core.journal.RejectedRange r = new io.syncflux.core.journal.RejectedRange("influx01", "influx02",
                "db", "autogen", "cpu \"x\"", W.start(), W.end(),
                "partial write: points beyond retention policy dropped=2", CLOCK.instant());
        j.update(s -> new JournalState(s.heartbeat(), s.openOutages(), s.pending(), List.of(r)));
        assertThat(RecoveryJournal.open(dir, CLOCK).state().rejected()).containsExactly(r);
    }

    @Test
    void finishedWorkLeavesTheJournal(@TempDir Path dir) {
        RecoveryJournal j = RecoveryJournal.open(dir, CLOCK);
        j.update(s -> s.withOutage("influx02", W.start()).withPending(new PendingRecovery("r1", "a", "b", W, List.of())));
        j.update(s -> s.withoutOutage("influx02").withoutPending("r1"));
        JournalState again = RecoveryJournal.open(dir, CLOCK).state();
        assertThat(again.openOutages()).isEmpty();
        assertThat(again.pending()).isEmpty();
    }

    @Test
    void aCorruptJournalIsSetAsideAndReportedNeverSilentlyDropped(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("journal.json"), "{ \"version\": 1, \"pending\": [ {\"id\": ");
        RecoveryJournal j = RecoveryJournal.open(dir, CLOCK);
        assertThat(j.setAside()).isPresent();
        assertThat(j.setAside().get().getFileName().toString()).startsWith("journal.json.corrupt-2024-05-01T12-00-00Z");
        assertThat(Files.readString(j.setAside().get())).contains("\"pending\"");
        assertThat(j.state().pending()).isEmpty();
        assertThat(dir.resolve("journal.json")).doesNotExist();
    }

    @Test
    void theDefaultFileNamesThePairWithOnlySafeCharacters() {
        Path data = Path.of("/var/lib/syncflux");
        assertThat(RecoveryJournal.defaultFile(data, "influx01", "influx02"))
                .isEqualTo(data.resolve("hamonitor-influx01-influx02.json"));
        assertThat(RecoveryJournal.defaultFile(data, "dc/1 a", "b:2"))
                .isEqualTo(data.resolve("hamonitor-dc_1_a-b_2.json"));
    }

    @Test
    void aStateFileOfAnEarlierReleaseIsReadAsOwedBySlaveFromMaster(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hamonitor-a-b.json");
        Files.writeString(file, "{ \"version\": 1, \"owed\": [ {\"start\": \"" + W.start() + "\", \"end\": \""
                + W.end() + "\", \"manual\": true} ], \"outageSince\": \"2024-05-01T11:30:00Z\" }");
        RecoveryJournal j = RecoveryJournal.open(file, CLOCK, "a", "b");
        assertThat(j.setAside()).isEmpty();
        assertThat(j.state().openOutages()).containsEntry("b", Instant.parse("2024-05-01T11:30:00Z"));
        assertThat(j.state().pending()).singleElement().satisfies(p -> {
            assertThat(p.window()).isEqualTo(W);
            assertThat(p.from()).isEqualTo("a");
            assertThat(p.to()).isEqualTo("b");
            assertThat(p.id()).startsWith("manual:");
        });
        j.update(s -> s.withHeartbeat(CLOCK.instant()));
        assertThat(RecoveryJournal.open(file, CLOCK, "a", "b").state()).isEqualTo(j.state());
        assertThat(Files.readString(file)).contains("\"pending\"").doesNotContain("\"owed\"");
    }

    @Test
    void aStateFileReadWithoutNodeNamesIsSetAsideNotEmptied(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("journal.json"), "{ \"version\": 1, \"owed\": [ ], \"outageSince\": null }");
        RecoveryJournal j = RecoveryJournal.open(dir, CLOCK);
        assertThat(j.setAside()).isPresent();
        assertThat(Files.readString(j.setAside().get())).contains("outageSince");
    }
}
