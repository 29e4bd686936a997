package io.syncflux.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Flag handling that needs no InfluxDB: help, version and every usage error. */
class CliArgsTest {
    /** A config whose nodes do not exist: any test reaching them would fail slowly, not pass. */
    static final String CONFIG = """
            [General]
             master-db = "influx01"
             slave-db = "influx02"
             monitor-retry-interval = "100ms"
            [[influxdb]]
             name = "influx01"
             location = "http://127.0.0.1:1/"
             timeout = "1s"
            [[influxdb]]
             name = "influx02"
             location = "http://127.0.0.1:2/"
             timeout = "1s"
            """;

    @TempDir
    static Path dir;
    static Path config;

    @org.junit.jupiter.api.BeforeAll
    static void writeConfig() throws IOException {
        config = Files.writeString(dir.resolve("syncflux.toml"), CONFIG);
    }

    private static void assertCleanUsageError(CliRun r, String... expected) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.err().lines().toList()).as(r.toString()).hasSize(1);
        assertThat(r.err()).startsWith("syncflux: ").contains(expected)
                .doesNotContain("Exception").doesNotContain("at io.").doesNotContain("at com.");
    }

    @Test
    void helpPrintsTheUsageOfEveryFlagAndExitsZero() {
        CliRun r = CliRun.of("-h");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("Usage of syncflux:");
        for (String flag : new String[] {"-action", "-chunk", "-config", "-copyorder", "-db", "-end", "-full",
                "-logmode", "-logs", "-master", "-meas", "-newdb", "-newrp", "-pidfile", "-rp", "-slave", "-start",
                "-v", "-version", "-vv", "-vvv"}) {
            assertThat(r.out()).containsPattern("(?m)^\\s*" + flag + ": ");
        }
        assertThat(r.out()).contains("hamonitor(default),copy,fullcopy,replicaschema");
        assertThat(CliRun.of("--help").out()).isEqualTo(r.out());
    }

    @Test
    void helpGroupsTheFlagsByAction() {
        String out = CliRun.of("-h").out();
        for (String action : CliArgs.ACTIONS) {
            assertThat(out).containsPattern("(?m)^\\s+" + action + "\\s{2,}\\S");
        }
        // each flag sits under the heading of the actions it applies to
        assertThat(section(out, "hamonitor:")).contains("-logmode:", "-logs:", "-pidfile:").doesNotContain("-db:");
        assertThat(section(out, "verify:")).contains("-verify-mode:", "-repair:", "-delete-extra:")
                .doesNotContain("-rate:");
        assertThat(section(out, "copy, fullcopy:")).contains("-copyorder:", "-rate:");
        assertThat(section(out, "Every action:")).contains("-config:", "-master:", "-slave:", "-version:");
    }

    /** The lines of the usage from the heading to the next blank line. */
    private static String section(String usage, String heading) {
        int i = usage.indexOf("\n" + heading + "\n");
        assertThat(i).as("heading " + heading).isNotNegative();
        int end = usage.indexOf("\n\n", i + 1);
        return usage.substring(i, end < 0 ? usage.length() : end);
    }

    static Stream<Arguments> mistypedFlags() {
        return Stream.of(
                Arguments.of("-strat", "-start"),
                Arguments.of("--strat=-2h", "-start"),
                Arguments.of("-dbs", "-db"),
                Arguments.of("-confg", "-config"),
                Arguments.of("-database", "-db"),
                Arguments.of("-measurement", "-meas"),
                Arguments.of("-verify", "-verify-mode"),
                Arguments.of("-extra", "-delete-extra"),
                Arguments.of("-repiar", "-repair"),
                Arguments.of("-newbd", "-newdb"),
                Arguments.of("-pidfle", "-pidfile"),
                Arguments.of("-vvvv", "-vvv"));
    }

    @ParameterizedTest
    @MethodSource("mistypedFlags")
    void aMistypedFlagGetsTheClosestFlagSuggested(String typed, String suggested) {
        assertCleanUsageError(CliRun.of("-config", config.toString(), typed),
                "flag provided but not defined: " + typed + " (did you mean " + suggested + "?) (see -h)");
    }

    @Test
    void aFlagCloseToNoneGetsNoSuggestion() {
        assertCleanUsageError(CliRun.of("-config", config.toString(), "-x"), "flag provided but not defined: -x (see -h)");
        assertThat(CliRun.of("-config", config.toString(), "-zzzzzz").err()).doesNotContain("did you mean");
    }

    @Test
    void aMistypedActionGetsTheClosestActionSuggested() {
        assertCleanUsageError(CliRun.of("-config", config.toString(), "-action", "verfy"),
                "unknown action \"verfy\" (did you mean \"verify\"? use hamonitor, copy");
        assertCleanUsageError(CliRun.of("-config", config.toString(), "-action", "coy"),
                "unknown action \"coy\" (did you mean \"copy\"? use hamonitor");
        // two edits from "copy", but a short word: no guess
        assertCleanUsageError(CliRun.of("-config", config.toString(), "-action", "nope"),
                "unknown action \"nope\" (use hamonitor, copy, fullcopy, replicaschema, verify)");
    }

    @Test
    void versionPrintsProjectVersionAndCommit() {
        CliRun r = CliRun.of("-version");
        assertThat(r.exit()).isZero();
        assertThat(r.out().strip()).matches("syncflux \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit [0-9a-f]{7,}\\)");
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(new String[] {"-foo"}, new String[] {"flag provided but not defined: -foo"}),
                Arguments.of(new String[] {"--bogus=1"}, new String[] {"flag provided but not defined: --bogus=1"}),
                Arguments.of(new String[] {"copy"}, new String[] {"unexpected argument \"copy\""}),
                Arguments.of(new String[] {"-action"}, new String[] {"flag needs an argument: -action"}),
                Arguments.of(new String[] {"-action", "coy"}, new String[] {"unknown action \"coy\"",
                        "hamonitor, copy, fullcopy, replicaschema"}),
                Arguments.of(new String[] {"-action", "copy", "-db", "db[1"},
                        new String[] {"invalid regular expression for -db \"db[1\""}),
                Arguments.of(new String[] {"-action", "replicaschema", "-meas", "(cpu"},
                        new String[] {"invalid regular expression for -meas"}),
                Arguments.of(new String[] {"-action", "copy", "-start", "yesterday"},
                        new String[] {"-start: cannot parse time \"yesterday\""}),
                Arguments.of(new String[] {"-action", "copy", "-end", "-10x"},
                        new String[] {"-end: unknown unit \"x\""}),
                Arguments.of(new String[] {"-action", "copy", "-start", "10h"}, new String[] {"needs a sign: use -10h"}),
                Arguments.of(new String[] {"-action", "copy", "-start", "-1h", "-end", "-2h"},
                        new String[] {"-start", "is not before -end"}),
                Arguments.of(new String[] {"-action", "copy", "-chunk", "30"}, new String[] {"-chunk: missing unit"}),
                Arguments.of(new String[] {"-action", "copy", "-chunk", "-30m"},
                        new String[] {"-chunk: must be a positive duration"}),
                Arguments.of(new String[] {"-action", "copy", "-copyorder", "sideways"},
                        new String[] {"-copyorder: unknown order \"sideways\""}),
                Arguments.of(new String[] {"-logmode", "syslog"}, new String[] {"-logmode: unknown mode \"syslog\""}),
                Arguments.of(new String[] {"-action", "copy", "-full", "-start", "-2h"},
                        new String[] {"do not combine it with -start or -end"}),
                Arguments.of(new String[] {"-start", "-2h"}, new String[] {"-start is not valid with -action hamonitor"}),
                Arguments.of(new String[] {"-action", "copy", "-db", "@nosuchfile", "-start", "now"},
                        new String[] {"-start", "is not before -end"}),
                Arguments.of(new String[] {"-full=maybe"}, new String[] {"invalid boolean value \"maybe\" for -full"}));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void usageErrorsAreOneLineAndExitTwo(String[] args, String[] expected) {
        String[] withConfig = Stream.concat(Stream.of("-config", config.toString()), Stream.of(args))
                .toArray(String[]::new);
        assertCleanUsageError(CliRun.of(withConfig), expected);
    }

    @Test
    void unknownMasterNamesTheConfiguredNodes() {
        CliRun r = CliRun.of("-config", config.toString(), "-action", "replicaschema", "-master", "influx09");
        assertCleanUsageError(r, "unknown master node \"influx09\"", "influx01, influx02");
    }

    @Test
    void unknownSlaveNamesTheConfiguredNodes() {
        CliRun r = CliRun.of("-config", config.toString(), "-action", "copy", "-slave", "nope");
        assertCleanUsageError(r, "unknown slave node \"nope\"", "influx01, influx02");
    }

    @Test
    void masterAndSlaveMustDiffer() {
        CliRun r = CliRun.of("-config", config.toString(), "-action", "copy", "-slave", "influx01");
        assertCleanUsageError(r, "master and slave are the same node \"influx01\"");
    }

    @Test
    void missingConfigFileIsAUsageError() {
        Path missing = dir.resolve("nope.toml");
        CliRun r = CliRun.of("-config", missing.toString(), "-action", "replicaschema");
        assertCleanUsageError(r, "config " + missing + ": file not found");
    }

    @Test
    void badConfigIsAUsageErrorNamingFileAndKey() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.toml"), CONFIG.replace("\"100ms\"", "\"100 parsecs\""));
        CliRun r = CliRun.of("-config", bad.toString(), "-action", "copy");
        assertCleanUsageError(r, "config " + bad, "[General] monitor-retry-interval", "unknown unit");
    }

    @Test
    void goFlagSpellingsAreAccepted() {
        CliRun r = CliRun.of("--config=" + config, "-action=copy", "-start=-1h", "-end", "-2h");
        assertCleanUsageError(r, "is not before -end");
    }

    @Test
    void anUnreachableNodeFailsWithExitOneAfterThreeTries() {
        long t0 = System.nanoTime();
        CliRun r = CliRun.of("-config", config.toString(), "-action", "replicaschema");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.errorLines()).as(r.toString())
                .containsExactly("syncflux: node influx01 is not reachable: ping failed: connection refused at "
                        + "http://127.0.0.1:1/");
        assertThat(r.out()).isEmpty();
        assertThat(ms).as("two waits of 100ms").isBetween(200L, 5_000L);
    }
}
