package io.syncflux.core.workflow;

import io.syncflux.core.api.Selection;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.RetentionPolicy;
import io.syncflux.core.report.SchemaAction;
import io.syncflux.core.report.SchemaReport;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static io.syncflux.core.testing.Fixtures.nanos;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code fullcopy} as a core operation: the slave starts empty and ends with the master's schema and data. */
class FullCopyIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    @Test
    void createsTheSchemaOnAnEmptySlaveThenCopiesTheDataBitExact() {
        InfluxNode master = INFLUX.client(0);
        InfluxNode slave = INFLUX.client(1);
        INFLUX.node(0).query("CREATE DATABASE full WITH DURATION 720h REPLICATION 1 SHARD DURATION 24h NAME rp1");
        INFLUX.node(0).query("CREATE RETENTION POLICY rp2 ON full DURATION 48h REPLICATION 1 SHARD DURATION 1h");
        Instant t = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        INFLUX.node(0).write("full", "rp1", "cpu,host=a v=1.5,n=7i " + nanos(t) + "\ncpu,host=b s=\"x y\" "
                + nanos(t.plusSeconds(90)));
        INFLUX.node(0).write("full", "rp2", "mem,host=a free=3i " + nanos(t.plusSeconds(3600)));
        List<String> events = new ArrayList<>();

        FullCopyReport r = FullCopy.builder().source(master).destination(slave).selection(Selection.ALL)
                .copier(c -> c.window(new TimeWindow(t.minus(Duration.ofHours(1)), Instant.now())))
                .listener(schema -> events.add("schema ok=" + schema.ok() + " slave has full="
                        + slave.databases().contains("full")))
                .build().run();

        assertThat(events).containsExactly("schema ok=true slave has full=true");
        SchemaReport schema = r.schema();
        assertThat(schema.actions(SchemaAction.Type.CREATED_DATABASE)).hasSize(1);
        assertThat(slave.retentionPolicies("full")).extracting(RetentionPolicy::name)
                .containsExactlyInAnyOrder("rp1", "rp2");
        assertThat(r.copy().ok()).isTrue();
        assertThat(r.copy().points()).isEqualTo(3);
        assertThat(r.ok()).isTrue();
        assertThat(DataDump.of(slave, "full")).hasSize(3).containsExactlyElementsOf(DataDump.of(master, "full"));
    }

    @Test
    void aFullCopyCancelledBeforeItsCopyCreatesTheSchemaAndCopiesNothing() {
        InfluxNode master = INFLUX.client(0);
        InfluxNode slave = INFLUX.client(1);
        INFLUX.node(0).query("CREATE DATABASE stop");
        Instant t = Instant.now().minus(Duration.ofMinutes(30));
        INFLUX.node(0).write("stop", null, "m v=1i " + nanos(t));
        FullCopy[] self = new FullCopy[1];
        self[0] = FullCopy.builder().source(master).destination(slave)
                .copier(c -> c.window(new TimeWindow(t.minusSeconds(60), Instant.now())))
                .listener(schema -> self[0].cancel()).build();

        FullCopyReport r = self[0].run();

        assertThat(slave.databases()).contains("stop");
        assertThat(r.schema().ok()).isTrue();
        assertThat(r.copy().cancelled()).isTrue();
        assertThat(r.ok()).isFalse();
        assertThat(DataDump.of(slave, "stop")).isEmpty();
    }
}
