package io.syncflux.server;

import org.junit.jupiter.api.Test;

import static io.syncflux.server.Dashboard.metricNames;
import static org.assertj.core.api.Assertions.assertThat;

class DashboardTest {
    @Test
    void metricNamesAreTakenFromExpressionsWithoutLabelsFunctionsOrVariables() {
        assertThat(metricNames("sum by (instance, kind) (increase(a_total{instance=~\"$instance\", x=\"y(z)\"}"
                + "[$__rate_interval])) / on (job) group_left (master) b_info * 100"))
                .containsExactlyInAnyOrder("a_total", "b_info");
        assertThat(metricNames("label_values(syncflux_node_up, instance)")).containsExactly("syncflux_node_up");
        assertThat(metricNames("(c == 1) and d offset 5m")).containsExactlyInAnyOrder("c", "d");
    }

    @Test
    void theDashboardFileIsReadAndItsMetricsFound() {
        assertThat(Dashboard.metricsUsed())
                .contains("syncflux_cluster_state", "syncflux_node_up", "syncflux_node_outages_total",
                        "syncflux_recovery_duration_seconds_sum", "syncflux_copied_points_total",
                        "syncflux_copy_retries_total", "syncflux_verifies_total", "syncflux_journal_problem")
                .allMatch(m -> m.matches("(syncflux|jvm|process)_[a-z_]+"));
    }
}
