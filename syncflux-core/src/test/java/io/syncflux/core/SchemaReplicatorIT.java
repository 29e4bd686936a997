package io.syncflux.core;

import io.syncflux.core.api.AmbiguousRenameException;
import io.syncflux.core.api.Selection;
import io.syncflux.core.api.SyncfluxException;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.RetentionPolicy;
import io.syncflux.core.report.SchemaAction;
import io.syncflux.core.report.SchemaReport;
import io.syncflux.core.schema.SchemaReplicator;
import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The five "Replicate schema" examples of the original README, asserted on the slave's real schema. */
class SchemaReplicatorIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static InfluxNode master;
    static InfluxNode slave;

    @BeforeAll
    static void nodes() {
        master = INFLUX.client(0);
        slave = INFLUX.client(1);
    }

    @BeforeEach
    void masterSchema() {
        var m = INFLUX.node(0);
        for (String db : List.of("db1", "db2")) {
            m.query("CREATE DATABASE " + db + " WITH DURATION 720h REPLICATION 1 SHARD DURATION 24h NAME rp1");
            m.query("CREATE RETENTION POLICY rp2 ON " + db + " DURATION 48h REPLICATION 1 SHARD DURATION 1h");
        }
    }

    private SchemaReport replicate(Selection s) {
        return SchemaReplicator.builder().source(master).destination(slave).selection(s).build().run();
    }

    /** The schema as the README draws it: {@code db1: rp1* rp2}. */
    private static String tree(InfluxNode node) {
        TreeMap<String, String> t = new TreeMap<>();
        for (String db : node.databases()) {
            if (db.equals("_internal")) {
                continue;
            }
            t.put(db, node.retentionPolicies(db).stream().map(rp -> rp.name() + (rp.isDefault() ? "*" : ""))
                    .sorted().collect(Collectors.joining(" ")));
        }
        return t.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
    }

    @Test
    void example1_copiesTheWholeSchema() {
        SchemaReport r = replicate(Selection.ALL);
        assertThat(r.ok()).isTrue();
        assertThat(tree(slave)).isEqualTo("db1: rp1* rp2; db2: rp1* rp2");
        assertThat(slave.retentionPolicies("db1")).containsExactlyInAnyOrderElementsOf(master.retentionPolicies("db1"));
        assertThat(r.actions(SchemaAction.Type.CREATED_DATABASE)).hasSize(2);
        assertThat(r.actions(SchemaAction.Type.CREATED_RP)).hasSize(4);
    }

    @Test
    void example2_selectsOneDatabase() {
        assertThat(replicate(Selection.of("^db1$", null, null, null, null)).ok()).isTrue();
        assertThat(tree(slave)).isEqualTo("db1: rp1* rp2");
    }

    @Test
    void example3_renamesTheDatabaseAndSelectsOnePolicy() {
        assertThat(replicate(Selection.of("^db1$", "^rp1$", null, "db3", null)).ok()).isTrue();
        assertThat(tree(slave)).isEqualTo("db3: rp1*");
        RetentionPolicy rp1 = slave.retentionPolicies("db3").get(0);
        assertThat(rp1.duration()).isEqualTo(Duration.ofHours(720));
        assertThat(rp1.shardGroupDuration()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void example4_renamesTheDefaultPolicy() {
        assertThat(replicate(Selection.of("^db1$", null, null, "db3", "rp3")).ok()).isTrue();
        assertThat(tree(slave)).isEqualTo("db3: rp2 rp3*");
        assertThat(slave.retentionPolicies("db3")).contains(new RetentionPolicy("rp3", Duration.ofHours(720),
                Duration.ofHours(24), 1, true));
    }

    @Test
    void example5_measurementFilterDoesNotChangeTheSchema() {
        assertThat(replicate(Selection.of("^db1$", null, "cpu.*", "db3", null)).ok()).isTrue();
        assertThat(tree(slave)).isEqualTo("db3: rp1* rp2");
    }

    @Test
    void rerunningIsHarmlessAndAltersDifferingPolicies() {
        replicate(Selection.ALL);
        INFLUX.node(1).query("ALTER RETENTION POLICY rp2 ON db1 DURATION 96h");
        SchemaReport again = replicate(Selection.ALL);
        assertThat(again.ok()).isTrue();
        assertThat(again.actions(SchemaAction.Type.CREATED_DATABASE)).isEmpty();
        assertThat(again.actions(SchemaAction.Type.ALTERED_RP)).singleElement()
                .satisfies(a -> assertThat(a.describe()).contains("db1.rp2").contains("96h"));
        assertThat(again.actions(SchemaAction.Type.UNCHANGED)).hasSize(3);
        assertThat(slave.retentionPolicies("db1")).containsExactlyInAnyOrderElementsOf(master.retentionPolicies("db1"));
    }

    @Test
    void neverTouchesInternalAndQuotesHostileNames() {
        // InfluxDB forbids "/", "\\" and unprintable characters in names; quotes and semicolons are allowed
        String hostile = "we\"ird db; DROP DATABASE db1 \u00e9";
        INFLUX.node(0).query("CREATE DATABASE " + io.syncflux.core.influx.Influxql.ident(hostile)
                + " WITH NAME " + io.syncflux.core.influx.Influxql.ident("r p.\"x\""));
        SchemaReport r = replicate(Selection.of("_internal|we", null, null, null, null));
        assertThat(r.ok()).isTrue();
        assertThat(slave.databases()).contains(hostile).doesNotContain("_internal", "db1");
        assertThat(slave.retentionPolicies(hostile)).extracting(RetentionPolicy::name).containsExactly("r p.\"x\"");
    }

    @Test
    void newDbWithSeveralSelectedDatabasesIsAUsageError() {
        assertThatThrownBy(() -> replicate(Selection.of("^db", null, null, "db3", null)))
                .isInstanceOf(SyncfluxException.class)
                .hasMessageContaining("new database name \"db3\"").hasMessageContaining("db1, db2")
                .isInstanceOfSatisfying(AmbiguousRenameException.class,
                        e -> assertThat(e.databases()).containsExactly("db1", "db2"));
        assertThat(tree(slave)).isEmpty();
    }
}
