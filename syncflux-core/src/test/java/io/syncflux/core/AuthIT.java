package io.syncflux.core;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.copy.ChunkedCopier;
import io.syncflux.core.influx.InfluxNode;
import io.syncflux.core.influx.NodeCheck;
import io.syncflux.core.influx.NodeException;
import io.syncflux.core.influx.NodeHealth;
import io.syncflux.core.report.CopyReport;
import io.syncflux.core.schema.SchemaReplicator;
import io.syncflux.core.testing.DataDump;
import io.syncflux.core.testing.InfluxdExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nodes with {@code auth-enabled = true}. */
class AuthIT {
    private static final String PASSWORD = "s3cr3t-Pa55";

    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("secure01", "secure02").withAuth("admin", PASSWORD);

    @Test
    void schemaAndCopyWorkWithTheConfiguredCredentials() {
        try (InfluxNode master = InfluxNode.connect(INFLUX.node(0).nodeConfig());
             InfluxNode slave = InfluxNode.connect(INFLUX.node(1).nodeConfig())) {
            INFLUX.node(0).query("CREATE DATABASE sec");
            long t = Instant.now().minusSeconds(60).getEpochSecond() * 1_000_000_000L + 123;
            INFLUX.node(0).write("sec", null, "m,t=x v=1i " + t + "\nm,t=y v=2i,f=2.5 " + t);
            assertThat(SchemaReplicator.builder().source(master).destination(slave).build().run().ok()).isTrue();
            CopyReport r = ChunkedCopier.builder().source(master).destination(slave)
                    .window(new TimeWindow(Instant.now().minus(Duration.ofHours(1)), Instant.now())).build().run();
            assertThat(r.ok()).isTrue();
            assertThat(r.points()).isEqualTo(2);
            assertThat(DataDump.of(slave, "sec")).containsExactlyElementsOf(DataDump.of(master, "sec"));
        }
    }

    @Test
    void aWrongPasswordIsAClearErrorNamingTheNodeAndNeverShowsThePassword() {
        String wrong = "not-the-Pa55word";
        try (InfluxNode node = InfluxNode.connect(INFLUX.node(1).nodeConfig().withCredentials("admin", wrong))) {
            assertThatThrownBy(node::databases).isInstanceOf(NodeException.class)
                    .hasMessageContaining("secure02").hasMessageContaining("401")
                    .hasMessageContaining("authorization failed")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(PASSWORD));
            NodeHealth h = node.check(Clock.systemUTC());
            assertThat(h.ok()).isFalse();
            assertThat(h.error()).contains("secure02").doesNotContain(wrong)
                    .contains("HTTP 401: authorization failed [SHOW DATABASES]").matches("\\P{Cntrl}*");
            assertThat(node.config().toString()).doesNotContain(wrong);
        }
    }

    @Test
    void aNodeCheckFailsAtOnceWhenTheCredentialsAreRefused() {
        java.util.List<Duration> waits = new java.util.ArrayList<>();
        NodeCheck check = NodeCheck.builder().interval(Duration.ofSeconds(1)).sleeper(waits::add).build();
        try (InfluxNode node = InfluxNode.connect(INFLUX.node(1).nodeConfig().withCredentials("admin", "wrong"))) {
            assertThatThrownBy(() -> check.awaitReachable(java.util.List.of(node)))
                    .isInstanceOfSatisfying(NodeException.class, e -> {
                        assertThat(e.reason()).isEqualTo(NodeException.Reason.UNAUTHORIZED);
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).startsWith("node secure02 refused the credentials (admin-user, "
                                + "admin-passwd): ").contains("authorization failed").doesNotContain("wrong");
                    });
        }
        assertThat(waits).isEmpty();
    }

    @Test
    void withoutCredentialsTheNodeRefusesAndSaysSo() {
        try (InfluxNode node = InfluxNode.connect(io.syncflux.core.config.NodeConfig.of("secure01", INFLUX.node(0).url()))) {
            assertThatThrownBy(node::databases).isInstanceOf(NodeException.class)
                    .hasMessageContaining("secure01").hasMessageContaining("401");
        }
    }
}
