package io.syncflux.cli;

import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Data that line protocol cannot carry makes {@code -action copy} list it and exit 1, never pass silently. */
class CliNotCopyableIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    @TempDir
    Path dir;

    @Test
    void aMeasurementNamedLikeACommentIsListedAsNotCopiedAndTheCopyExitsOne() throws IOException {
        Path config = Files.writeString(dir.resolve("syncflux.toml"), INFLUX.toml("influx01", "influx02",
                "rw-retry-delay = \"100ms\"", "rw-max-retries = 1"));
        INFLUX.node(0).query("CREATE DATABASE x");
        INFLUX.node(1).query("CREATE DATABASE x");
        long t = System.currentTimeMillis() * 1_000_000L - Duration.ofMinutes(30).toNanos();
        INFLUX.node(0).write("x", null, "plain v=1i " + t + "\nplain v=2i " + (t + 1));
        // a name a server can hold (SELECT ... INTO makes it) but line protocol reads as a comment
        INFLUX.node(0).query("x", "SELECT \"v\" INTO \"x\".\"autogen\".\"#m\" FROM \"x\".\"autogen\".\"plain\"");

        CliRun r = CliRun.of("-config", config.toString(), "-action", "copy", "-db", "^x$", "-start", "-1h");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.outLines()).anySatisfy(l -> assertThat(l).startsWith("failed: x.autogen.#m [")
                .contains("2 points cannot be written in line protocol")
                .contains("a line starting with '#' is a comment"));
        assertThat(r.outLines()).noneMatch(l -> l.startsWith("failed: x.autogen.plain"));
        assertThat(r.errorLines()).singleElement().asString()
                .matches("syncflux: copy incomplete: 1 range\\(s\\) not copied \\(listed above\\)");
        assertThat(INFLUX.node(1).query("x", "SELECT * FROM plain"))
                .isEqualTo(INFLUX.node(0).query("x", "SELECT * FROM plain"));
    }
}
