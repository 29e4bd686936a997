package io.syncflux.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    /** The sample config of the original README, unchanged, plus one [[influxdb]] block per node. */
    static final String ORIGINAL_SAMPLE = """
            # -*- toml -*-

            # -------GENERAL SECTION ---------
            # syncflux could work in several ways,\s
            # not all General config parameters works on all modes.
            #  modes
            #  "hamonitor" => enables syncflux as a daemon to sync\s
            #                2 Influx 1.X OSS db and sync data between them
            #                when needed (does active monitoring )
            #  "copy" => executes syncflux as a new process to copy data\s
            #            between master and slave databases
            #  "replicashema" => executes syncflux as a new process to create\s
            #             the database/s and all its related retention policies\s
            #  "fullcopy" => does database/rp replication and after does a data copy

            [General]
             # ------------------------
             # logdir ( only valid on hamonitor action)\s
             #  the directory where to place logs\s
             #  will place the main log "
             #\s\s

             logdir = "./log"

             # ------------------------
             # loglevel ( valid for all actions )\s
             #  set the log level , valid values are:
             #  fatal,error,warn,info,debug,trace

             loglevel = "debug"

             # -----------------------------
             # sync-mode (only valid on hamonitor action)
             #  NOTE: rigth now only  "onlyslave" (one way sync ) is valied
             #  (planned sync in two ways in the future)

             sync-mode = "onlyslave"

             # ---------------------------
             # master-db choose one of the configured InfluxDB as a SlaveDB
             # this parameter will be override by the command line -master parameter
            \s
             master-db = "influxdb01"

             # ---------------------------
             # slave-db choose one of the configured InfluxDB as a SlaveDB
             # this parameter will be override by the command line -slave parameter
            \s
             slave-db = "influxdb02"

             # ------------------------------
             # check-interval
             # the inteval for health cheking for both master and slave databases
            \s
             check-interval = "10s"

             # ------------------------------
             # min-sync-interval
             # the inteval in which HA monitor will check both are ok and change
             # the state of the cluster if not, making all needed recovery actions

             min-sync-interval = "20s"
            \s
             # ---------------------------------------------
             # initial-replication
             # tells syncflux if needed some type of replication\s
             # on slave database from master database on initialize\s
             # (only valid on hamonitor action)
             #
             # none:  no replication
             # schema: database and retention policies will be recreated on the slave database
             # data: data for all retention policies will be replicated\s
             #      be carefull: this full data copy could take hours,days.
             # both:  will replicate first the schema and them the full data\s

             initial-replication = "none"

             #\s
             # monitor-retry-durtion\s
             #
             # syncflux only can begin work when master and slave database are both up,\s
             # if some of them is down syncflux will retry infinitely each monitor-retry-duration to work.
             monitor-retry-interval = "1m"

             #\s
             # data-chuck-duration
             #
             # duration for each small, read  from master -> write to slave, chuck of data
             # smaller chunks of data will use less memory on the syncflux process
             # and also less resources on both master and slave databases
             # greater chunks of data will improve sync speed\s

             data-chuck-duration = "60m"

             #\s
             #  max-retention-interval
             #
             # for infinite ( or bigger ) retention policies full replication should begin somewhere in the time
             # this parameter set the max retention.
            \s
             max-retention-interval = "8760h" # 1 year
            \s

            # ---- HTTP API SECTION (Only valid on hamonitor action)
            # Enables an HTTP API endpoint to check the cluster health

            [http]
             name = "example-http-influxdb"
             bind-addr = "127.0.0.1:4090"
             admin-user = "admin"
             admin-passwd = "admin"
             cookie-id = "mysupercokie"

            # ---- INFLUXDB  SECTION
            # Sets a list of available DB's that can be used\s

            [[influxdb]]
             release = "1x"
             name = "influxdb01"
             location = "http://127.0.0.1:8086/"
             admin-user = "admin"
             admin-passwd = "admin"
             timeout = "10s"

            [[influxdb]]
             release = "1x"
             name = "influxdb02"
             location = "http://127.0.0.1:8087/"
             admin-user = "admin"
             admin-passwd = "admin"
             timeout = "10s"
            """;

    static final String TWO_NODES = """
            [[influxdb]]
             name = "influxdb01"
             location = "http://127.0.0.1:8086/"
            [[influxdb]]
             name = "influxdb02"
             location = "http://127.0.0.1:8087/"
            """;

    @Test
    void loadsTheOriginalSampleConfigUnchanged(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("syncflux.toml");
        Files.writeString(file, ORIGINAL_SAMPLE);

        SyncfluxConfig c = ConfigLoader.load(file);

        GeneralConfig g = c.general();
        assertThat(g.logdir()).isEqualTo(Path.of("./log"));
        assertThat(g.loglevel()).isEqualTo("debug");
        assertThat(g.syncMode()).isEqualTo(SyncMode.ONLYSLAVE);
        assertThat(g.masterNode()).isEqualTo("influxdb01");
        assertThat(g.slaveNode()).isEqualTo("influxdb02");
        assertThat(g.checkInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(g.minSyncInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(g.initialReplication()).isEqualTo(InitialReplication.NONE);
        assertThat(g.monitorRetryInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(g.dataChunkDuration()).isEqualTo(Duration.ofMinutes(60));
        assertThat(g.maxRetentionInterval()).isEqualTo(Duration.ofHours(8760));

        assertThat(c.http()).isEqualTo(new HttpConfig("example-http-influxdb", "127.0.0.1:4090", "admin", "admin",
                "mysupercokie"));
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.http().port()).isEqualTo(4090);

        assertThat(c.influxdb()).containsExactly(
                new NodeConfig("1x", "influxdb01", URI.create("http://127.0.0.1:8086/"), "admin", "admin",
                        Duration.ofSeconds(10)),
                new NodeConfig("1x", "influxdb02", URI.create("http://127.0.0.1:8087/"), "admin", "admin",
                        Duration.ofSeconds(10)));
        assertThat(c.master().name()).isEqualTo("influxdb01");
        assertThat(c.slave().location()).isEqualTo(URI.create("http://127.0.0.1:8087/"));
    }

    @Test
    void theShippedSampleConfigLoadsWithEveryKeySet() throws IOException {
        Path sample = Path.of("..", "conf", "sample.syncflux.toml");
        SyncfluxConfig c = ConfigLoader.load(sample);

        assertThat(c.master().location()).isEqualTo(URI.create("http://127.0.0.1:8086/"));
        assertThat(c.slave().location()).isEqualTo(URI.create("http://127.0.0.1:8087/"));
        assertThat(c.influxdb()).allSatisfy(n -> {
            assertThat(n.adminUser()).isEqualTo("admin");
            assertThat(n.timeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(n.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        });
        assertThat(c.http().bindAddr()).isEqualTo("127.0.0.1:4090");
        assertThat(c.general()).isEqualTo(GeneralConfig.defaults().withNodes("influxdb01", "influxdb02"));
        String text = Files.readString(sample);
        for (String key : new String[] {"logdir", "loglevel", "sync-mode", "master-db", "slave-db", "check-interval",
                "min-sync-interval", "initial-replication", "monitor-retry-interval", "data-chuck-duration",
                "max-retention-interval", "rw-max-retries", "rw-retry-delay", "num-workers",
                "max-points-on-single-write", "max-bytes-on-single-write", "datadir", "verify-interval",
                "verify-window", "verify-repair", "max-points-per-second", "read-span", "bind-addr", "cookie-id", "release", "location",
                "admin-user", "admin-passwd", "timeout", "read-timeout"}) {
            assertThat(text).as("sample sets " + key).containsPattern("(?m)^\\s*" + key + " = ");
        }
    }

    @Test
    void missingKeysTakeTheOriginalDefaults() {
        SyncfluxConfig c = ConfigLoader.parse("[General]\n master-db = \"influxdb01\"\n" + TWO_NODES, "t.toml");

        GeneralConfig g = c.general();
        assertThat(g.rwMaxRetries()).isEqualTo(5);
        assertThat(g.rwRetryDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(g.maxPointsOnSingleWrite()).isEqualTo(20000);
        assertThat(g.maxBytesOnSingleWrite()).isEqualTo(2 * 1024 * 1024);
        assertThat(g.numWorkers()).isEqualTo(4);
        assertThat(g.checkInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(g.minSyncInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(g.monitorRetryInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(g.dataChunkDuration()).isEqualTo(Duration.ofMinutes(60));
        assertThat(g.maxRetentionInterval()).isEqualTo(Duration.ofHours(8760));
        assertThat(g.initialReplication()).isEqualTo(InitialReplication.NONE);
        assertThat(g.syncMode()).isEqualTo(SyncMode.ONLYSLAVE);
        assertThat(g.slaveNode()).isNull();
        assertThat(c.http().bindAddr()).isEqualTo("127.0.0.1:4090");
        assertThat(c.influxdb().get(0).timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.influxdb().get(0).readTimeout()).isEqualTo(NodeConfig.DEFAULT_READ_TIMEOUT);
        assertThat(c.influxdb().get(0).effectiveReadTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.influxdb().get(0).release()).isEqualTo("1x");
        assertThat(c.influxdb().get(0).hasCredentials()).isFalse();
    }

    @Test
    void blankNodeNamesMeanNotSet() {
        SyncfluxConfig c = ConfigLoader.parse("[General]\n master-db = \"\"\n slave-db = \" \"\n" + TWO_NODES,
                "t.toml");
        assertThat(c.general().masterNode()).isNull();
        assertThat(c.general().slaveNode()).isNull();
        assertThat(c.withNodes("influxdb01", "influxdb02").slave().name()).isEqualTo("influxdb02");
    }

    @Test
    void anEmptyFileIsAllDefaults() {
        SyncfluxConfig c = ConfigLoader.parse("", "empty.toml");
        assertThat(c.general()).isEqualTo(GeneralConfig.defaults());
        assertThat(c.influxdb()).isEmpty();
    }

    @Test
    void acceptsTheCorrectlySpelledChunkKey() {
        SyncfluxConfig c = ConfigLoader.parse("[General]\n data-chunk-duration = \"15m\"\n", "t.toml");
        assertThat(c.general().dataChunkDuration()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void readsTheKeysMissingFromTheOriginalReadme() {
        SyncfluxConfig c = ConfigLoader.parse("""
                [General]
                 rw-max-retries = 0
                 rw-retry-delay = "250ms"
                 num-workers = 8
                 max-points-on-single-write = 5000
                 max-bytes-on-single-write = 1000000
                 datadir = "/var/lib/syncflux"
                """, "t.toml");
        GeneralConfig g = c.general();
        assertThat(g.rwMaxRetries()).isZero();
        assertThat(g.rwRetryDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(g.numWorkers()).isEqualTo(8);
        assertThat(g.maxPointsOnSingleWrite()).isEqualTo(5000);
        assertThat(g.maxBytesOnSingleWrite()).isEqualTo(1_000_000);
        assertThat(g.datadir()).isEqualTo(Path.of("/var/lib/syncflux"));
    }

    @Test
    void readsTheCopyRateAndReadSpanKeys() {
        GeneralConfig d = ConfigLoader.parse("", "t.toml").general();
        assertThat(d.maxPointsPerSecond()).isZero();
        assertThat(d.readSpan()).isEqualTo(Duration.ofHours(6));
        GeneralConfig g = ConfigLoader.parse("""
                [General]
                 max-points-per-second = 50000
                 read-span = "90m"
                """, "t.toml").general();
        assertThat(g.maxPointsPerSecond()).isEqualTo(50_000);
        assertThat(g.readSpan()).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> ConfigLoader.parse("[General]\n read-span = \"0s\"\n", "t.toml"))
                .hasMessageContaining("read-span");
        assertThatThrownBy(() -> ConfigLoader.parse("[General]\n max-points-per-second = -1\n", "t.toml"))
                .hasMessageContaining("max-points-per-second");
    }

    @Test
    void readsTheBackgroundVerifyKeys() {
        GeneralConfig off = ConfigLoader.parse("", "t.toml").general();
        assertThat(off.verifyEnabled()).isFalse();
        assertThat(off.verifyWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(off.verifyRepair()).isFalse();
        GeneralConfig g = ConfigLoader.parse("""
                [General]
                 verify-interval = "15m"
                 verify-window = "6h"
                 verify-repair = true
                """, "t.toml").general();
        assertThat(g.verifyEnabled()).isTrue();
        assertThat(g.verifyInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(g.verifyWindow()).isEqualTo(Duration.ofHours(6));
        assertThat(g.verifyRepair()).isTrue();
    }

    @Test
    void sectionAndKeyNamesAreCaseInsensitive() {
        SyncfluxConfig c = ConfigLoader.parse("[general]\n Num-Workers = 2\n[HTTP]\n bind-addr = \":9000\"\n",
                "t.toml");
        assertThat(c.general().numWorkers()).isEqualTo(2);
        assertThat(c.http().port()).isEqualTo(9000);
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("malformed TOML",
                        "[General]\n num-workers = 4\n loglevel = \"info\n",
                        new String[] {"malformed TOML", "line 3"}),
                Arguments.of("unknown duration unit",
                        "[General]\n check-interval = \"10 sec\"\n",
                        new String[] {"[General] check-interval", "unknown unit", "10 sec"}),
                Arguments.of("missing duration unit",
                        "[General]\n rw-retry-delay = \"10\"\n",
                        new String[] {"[General] rw-retry-delay", "missing unit"}),
                Arguments.of("negative num-workers",
                        "[General]\n num-workers = -1\n",
                        new String[] {"[General] num-workers", "must be 1 or more, got -1"}),
                Arguments.of("zero num-workers",
                        "[General]\n num-workers = 0\n",
                        new String[] {"[General] num-workers", "must be 1 or more, got 0"}),
                Arguments.of("string num-workers",
                        "[General]\n num-workers = \"4\"\n",
                        new String[] {"[General] num-workers", "must be an integer"}),
                Arguments.of("zero check-interval",
                        "[General]\n check-interval = \"0s\"\n",
                        new String[] {"[General] check-interval", "must be a positive duration"}),
                Arguments.of("negative chunk",
                        "[General]\n data-chuck-duration = \"-1h\"\n",
                        new String[] {"[General] data-chuck-duration", "must be a positive duration"}),
                Arguments.of("master-db names no node",
                        "[General]\n master-db = \"influxdb09\"\n" + TWO_NODES,
                        new String[] {"[General] master-db", "\"influxdb09\" names no [[influxdb]] node",
                                "influxdb01, influxdb02"}),
                Arguments.of("slave-db names no node",
                        "[General]\n slave-db = \"nope\"\n" + TWO_NODES,
                        new String[] {"[General] slave-db", "\"nope\" names no [[influxdb]] node"}),
                Arguments.of("duplicate node names",
                        TWO_NODES + "[[influxdb]]\n name = \"influxdb01\"\n location = \"http://h:1/\"\n",
                        new String[] {"[[influxdb]] name", "duplicate node name \"influxdb01\""}),
                Arguments.of("non-http location",
                        "[[influxdb]]\n name = \"a\"\n location = \"ftp://127.0.0.1:8086/\"\n",
                        new String[] {"[[influxdb]] \"a\" location", "is not an http(s) URL", "ftp://"}),
                Arguments.of("location without scheme",
                        "[[influxdb]]\n name = \"a\"\n location = \"127.0.0.1:8086\"\n",
                        new String[] {"[[influxdb]] \"a\" location", "is not an http(s) URL"}),
                Arguments.of("node without name",
                        "[[influxdb]]\n location = \"http://127.0.0.1:8086/\"\n",
                        new String[] {"[[influxdb]] #1 name", "missing node name"}),
                Arguments.of("negative node timeout",
                        "[[influxdb]]\n name = \"a\"\n location = \"http://h/\"\n timeout = \"-5s\"\n",
                        new String[] {"[[influxdb]] \"a\" timeout", "must not be negative"}),
                Arguments.of("zero read timeout",
                        "[[influxdb]]\n name = \"a\"\n location = \"http://h/\"\n read-timeout = \"0s\"\n",
                        new String[] {"[[influxdb]] \"a\" read-timeout", "must be a positive duration"}),
                Arguments.of("unknown general key",
                        "[General]\n num-worker = 4\n",
                        new String[] {"[General] num-worker", "unknown key", "did you mean \"num-workers\"?"}),
                Arguments.of("misspelt byte limit",
                        "[General]\n max-byte-on-single-write = 4\n",
                        new String[] {"[General] max-byte-on-single-write", "unknown key",
                                "did you mean \"max-bytes-on-single-write\"?"}),
                Arguments.of("zero byte limit",
                        "[General]\n max-bytes-on-single-write = 0\n",
                        new String[] {"[General] max-bytes-on-single-write", "must be 1 or more"}),
                Arguments.of("unknown node key",
                        "[[influxdb]]\n name = \"a\"\n location = \"http://h/\"\n admin-pasword = \"x\"\n",
                        new String[] {"admin-pasword", "unknown key", "did you mean \"admin-passwd\"?"}),
                Arguments.of("unknown section",
                        "[Genral]\n num-workers = 4\n",
                        new String[] {"Genral", "unknown section", "did you mean \"general\"?"}),
                Arguments.of("influxdb as a table",
                        "[influxdb]\n name = \"a\"\n",
                        new String[] {"influxdb", "write [[influxdb]]"}),
                Arguments.of("unknown loglevel",
                        "[General]\n loglevel = \"verbose\"\n",
                        new String[] {"[General] loglevel", "unknown level \"verbose\""}),
                Arguments.of("unknown sync-mode",
                        "[General]\n sync-mode = \"both\"\n",
                        new String[] {"[General] sync-mode", "unknown sync-mode \"both\""}),
                Arguments.of("duration given as a number",
                        "[General]\n check-interval = 10\n",
                        new String[] {"[General] check-interval", "must be a duration string such as \"10s\"",
                                "got 10"}),
                Arguments.of("both chunk spellings",
                        "[General]\n data-chuck-duration = \"1h\"\n data-chunk-duration = \"2h\"\n",
                        new String[] {"data-chunk-duration", "not both"}),
                Arguments.of("integer too large",
                        "[General]\n max-points-on-single-write = 99999999999\n",
                        new String[] {"[General] max-points-on-single-write", "is out of range"}),
                Arguments.of("general key outside its section",
                        "loglevel = \"debug\"\n[General]\n num-workers = 2\n",
                        new String[] {"loglevel: unknown section or key", "belongs in the [General] section"}),
                Arguments.of("redefined table",
                        "[General]\nnum-workers = 4\n[General]\nloglevel = \"info\"\n",
                        new String[] {"malformed TOML at line 3"}),
                Arguments.of("negative verify-interval",
                        "[General]\n verify-interval = \"-1m\"\n",
                        new String[] {"[General] verify-interval", "must not be negative"}),
                Arguments.of("zero verify-window",
                        "[General]\n verify-window = \"0s\"\n",
                        new String[] {"[General] verify-window", "must be a positive duration"}),
                Arguments.of("verify-repair as a string",
                        "[General]\n verify-repair = \"yes\"\n",
                        new String[] {"[General] verify-repair", "must be true or false"}),
                Arguments.of("bad bind-addr",
                        "[http]\n bind-addr = \"localhost\"\n",
                        new String[] {"[http] bind-addr", "is not host:port"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfigsFailWithOneLineNamingFileKeyAndProblem(String name, String text, String[] expected) {
        assertThatThrownBy(() -> ConfigLoader.parse(text, "/etc/syncflux/bad.toml"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).startsWith("config /etc/syncflux/bad.toml: ");
                    assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r");
                    assertThat(e.getMessage()).contains(expected);
                    assertThat(((ConfigException) e).kind()).isEqualTo(io.syncflux.core.api.SyncfluxException.Kind.USAGE);
                });
    }

    @Test
    void aMissingFileIsAUsageErrorNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope.toml");
        assertThatThrownBy(() -> ConfigLoader.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config " + missing + ": file not found");
        assertThatThrownBy(() -> ConfigLoader.locate(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config " + missing + ": file not found");
    }

    @Test
    void locateReturnsTheGivenFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("x.toml"), "");
        assertThat(ConfigLoader.locate(file)).isEqualTo(file);
    }

    @Test
    void requireNodeNamesTheKnownNodes() {
        SyncfluxConfig c = ConfigLoader.parse(TWO_NODES, "t.toml");
        assertThatThrownBy(() -> c.requireNode("influx99", "master"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown master node \"influx99\" (configured nodes: influxdb01, influxdb02)");
        assertThatThrownBy(c::slave)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no slave node given");
        assertThat(c.withNodes("influxdb02", "influxdb01").master().name()).isEqualTo("influxdb02");
    }

    @Test
    void theNodePairIsTwoDifferentNodes() {
        SyncfluxConfig c = ConfigLoader.parse(TWO_NODES, "t.toml").withNodes("influxdb01", "influxdb02");
        assertThat(c.nodes()).isEqualTo(new NodePair(c.master(), c.slave()));
        assertThatThrownBy(() -> c.withNodes(null, "influxdb01").nodes())
                .isInstanceOf(ConfigException.class)
                .hasMessage("master and slave are the same node \"influxdb01\"");
    }
}
