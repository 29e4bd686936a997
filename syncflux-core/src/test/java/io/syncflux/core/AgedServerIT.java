package io.syncflux.core;

import io.syncflux.core.api.RepairPolicy;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.copy.ChunkedCopier;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.ShardGroup;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.report.VerifyReport;
import io.syncflux.core.schema.SchemaReplicator;
import io.syncflux.core.testing.AgedServer;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.verify.Verifier;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A master that has created a few hundred shard groups, as every server with {@code _internal} on does
 * after months: {@code SHOW SHARDS} then sends shard group ids as MessagePack uint8 and uint16.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgedServerIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    final InfluxNode master = INFLUX.client(0);
    final InfluxNode slave = INFLUX.client(1);


    private TimeWindow ageMaster() {
        Instant start = AgedServer.age(INFLUX.node(0), "aged", Instant.now());
        assertThat(SchemaReplicator.builder().source(master).destination(slave).build().run().ok()).isTrue();
        return new TimeWindow(start, start.plus(Duration.ofHours(AgedServer.HOURS)));
    }

    @Test
    @Order(1)
    void copiesAMasterWhoseShardGroupIdsPassTheSignedByteRange() {
        TimeWindow w = ageMaster();
        List<Long> ids = master.shardGroups("aged", AgedServer.RP).stream().map(ShardGroup::id).toList();
        assertThat(ids).hasSize(AgedServer.HOURS)
                .anyMatch(id -> id < 128)
                .anyMatch(id -> id >= 128 && id < 256)
                .anyMatch(id -> id >= 256);

        CopyReport r = ChunkedCopier.builder().source(master).destination(slave).retryDelay(Duration.ZERO)
                .window(w).build().run();

        assertThat(r.failures()).isEmpty();
        assertThat(r.ok()).isTrue();
        assertThat(r.points()).isEqualTo(AgedServer.HOURS);
        List<String> source = DataDump.of(master, "aged");
        assertThat(source).hasSize(AgedServer.HOURS);
        assertThat(DataDump.of(slave, "aged")).containsExactlyElementsOf(source);
    }

    @Test
    @Order(2)
    void verifyRepairsAnAgedMasterIntoAnEmptySlave() {
        TimeWindow w = ageMaster();

        VerifyReport r = Verifier.builder().master(master).slave(slave).window(w).repair(RepairPolicy.ONE_WAY).build().run();

        assertThat(r.identical()).isFalse();
        assertThat(r.consistent()).isTrue();
        assertThat(DataDump.of(slave, "aged")).hasSize(AgedServer.HOURS)
                .containsExactlyElementsOf(DataDump.of(master, "aged"));
    }
}
