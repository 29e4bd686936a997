package io.syncflux.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
    @TempDir
    Path dir;

    @Test
    void createsItsDirectoryAndReplacesAStaleFileLeavingNothingElse() throws IOException {
        Path pid = dir.resolve("run/sub/syncflux.pid");
        PidFile.write(pid, 4242);
        assertThat(Files.readString(pid)).isEqualTo("4242\n");

        PidFile.write(pid, 17);
        assertThat(Files.readString(pid)).isEqualTo("17\n");
        try (Stream<Path> files = Files.list(pid.getParent())) {
            assertThat(files).containsExactly(pid);
        }
    }

    @Test
    void aDirectoryInTheWayIsAnErrorAndLeavesNoTemporaryFile() throws IOException {
        Path pid = dir.resolve("syncflux.pid");
        Files.createDirectories(pid.resolve("child"));
        assertThatThrownBy(() -> PidFile.write(pid, 1)).isInstanceOf(IOException.class);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(pid);
        }
    }
}
