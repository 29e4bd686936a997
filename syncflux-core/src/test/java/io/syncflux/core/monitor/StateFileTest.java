package io.syncflux.core.monitor;

import io.syncflux.core.TimeWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StateFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsWithNanosecondsAndAMissingFileIsEmpty() {
        StateFile f = new StateFile(dir.resolve("sub/state.json"));
        assertThat(f.load()).isEqualTo(DurableState.EMPTY);
        DurableState s = new DurableState(List.of(new TimeWindow(Instant.parse("2026-01-01T00:00:00.000000001Z"),
                Instant.parse("2026-01-01T00:00:10.123456789Z"))), List.of(true),
                Instant.parse("2026-01-01T00:00:05.5Z"));
        f.save(s);
        assertThat(f.load()).isEqualTo(s);
        f.save(DurableState.EMPTY);
        assertThat(f.load()).isEqualTo(DurableState.EMPTY);
        assertThat(Files.exists(dir.resolve("sub/state.json.tmp"))).isFalse();
    }

    @Test
    void aCorruptFileIsSetAsideAndTreatedAsEmpty() throws Exception {
        Path p = dir.resolve("state.json");
        Files.writeString(p, "{\"owed\": [{\"start\": \"yesterday\"}]}");
        assertThat(new StateFile(p).load()).isEqualTo(DurableState.EMPTY);
        assertThat(Files.exists(dir.resolve("state.json.corrupt"))).isTrue();
        assertThat(Files.exists(p)).isFalse();
    }
}
