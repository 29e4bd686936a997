package io.syncflux.cli;

import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code -action replicaschema} against two real influxd nodes. */
class CliReplicaSchemaIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void setUp() throws IOException {
        config = Files.writeString(dir.resolve("syncflux.toml"), INFLUX.toml("influx01", "influx02",
                "monitor-retry-interval = \"200ms\"", "rw-retry-delay = \"100ms\""));
        var m = INFLUX.node(0);
        for (String db : new String[] {"db1", "db2"}) {
            m.query("CREATE DATABASE " + db + " WITH DURATION 720h REPLICATION 1 SHARD DURATION 24h NAME rp1");
            m.query("CREATE RETENTION POLICY rp2 ON " + db + " DURATION 48h REPLICATION 1 SHARD DURATION 1h");
        }
    }

    private CliRun cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(all);
    }

    @Test
    void replicatesOneDatabaseAndPrintsEachAction() {
        CliRun r = cli("-action", "replicaschema", "-db", "^db1$");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.outLines()).containsExactly(
                "created database db1",
                "created retention policy db1.rp1 (duration 720h0m0s, shard group 24h0m0s, replication 1, default)",
                "created retention policy db1.rp2 (duration 48h0m0s, shard group 1h0m0s, replication 1)");
        assertThat(r.errorLines()).isEmpty();
        String slave = INFLUX.node(1).query("SHOW DATABASES");
        assertThat(slave).contains("\"db1\"").doesNotContain("\"db2\"");
        assertThat(INFLUX.node(1).query("SHOW RETENTION POLICIES ON db1"))
                .isEqualTo(INFLUX.node(0).query("SHOW RETENTION POLICIES ON db1"));
    }

    @Test
    void runningItAgainChangesNothing() {
        assertThat(cli("-action", "replicaschema").exit()).isZero();

        CliRun again = cli("-action", "replicaschema");

        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.outLines()).hasSize(4).allSatisfy(l -> assertThat(l).startsWith("unchanged "));
    }

    @Test
    void renamesTheDatabaseAndTheDefaultPolicy() {
        CliRun r = cli("-action", "replicaschema", "-db", "^db1$", "-newdb", "db3", "-newrp", "rp3");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.outLines()).contains("created database db3");
        assertThat(INFLUX.node(1).query("SHOW DATABASES")).contains("\"db3\"").doesNotContain("\"db1\"");
        String rps = INFLUX.node(1).query("SHOW RETENTION POLICIES ON db3");
        assertThat(rps).contains("[\"rp3\",\"720h0m0s\",\"24h0m0s\",1,true]")
                .contains("[\"rp2\",\"48h0m0s\",\"1h0m0s\",1,false]");
    }

    @Test
    void newdbWithSeveralDatabasesIsAUsageError() {
        CliRun r = cli("-action", "replicaschema", "-newdb", "db3");

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errorLines()).singleElement().asString()
                .startsWith("syncflux: -newdb \"db3\" needs -db to select exactly one");
        assertThat(INFLUX.node(1).query("SHOW DATABASES")).doesNotContain("db3");
    }

    @Test
    void masterAndSlaveFlagsOverrideTheConfig() {
        INFLUX.node(1).query("CREATE DATABASE onslave");

        CliRun r = cli("-action", "replicaschema", "-master", "influx02", "-slave", "influx01", "-db", "^onslave$");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.outLines()).first().isEqualTo("created database onslave");
        assertThat(INFLUX.node(0).query("SHOW DATABASES")).contains("\"onslave\"");
    }

    @Test
    void anUnreachableSlaveExitsOneNamingIt() {
        INFLUX.node(1).stop();

        CliRun r = cli("-action", "replicaschema");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errorLines()).singleElement().asString()
                .startsWith("syncflux: node influx02 is not reachable: ")
                .doesNotContain("Exception");
    }
}
