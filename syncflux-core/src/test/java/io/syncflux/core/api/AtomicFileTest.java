package io.syncflux.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheWholeFileAndLeavesNothingElse() throws IOException {
        Path f = dir.resolve("state.json");
        AtomicFile.write(f, "first, longer content".getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(f, "second".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(f)).isEqualTo("second");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void aFailedMoveKeepsWhatIsInTheWayAndLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("state.json");
        Files.createDirectories(f.resolve("child"));
        assertThatThrownBy(() -> AtomicFile.write(f, new byte[] {1})).isInstanceOf(IOException.class);
        assertThat(f.resolve("child")).isDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }
}
