package io.syncflux.core.pipeline;

import io.syncflux.core.api.Selection;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.influx.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunScopeTest {
    static final Instant NOW = Instant.parse("2024-01-10T00:00:00Z");
    static final TimeWindow W = new TimeWindow(NOW.minus(Duration.ofHours(5)), NOW);
    static final RetentionPolicy WEEK = new RetentionPolicy("week", Duration.ofDays(7), Duration.ofDays(1), 1, true);
    static final RetentionPolicy FOREVER = new RetentionPolicy("forever", Duration.ZERO, Duration.ofDays(7), 1, false);

    @Test
    void aWindowAndAFullRetentionReplaceEachOtherAndTheChunkAndSelectionStay() {
        Selection s = Selection.of("^db$", null, null, null, null);
        RunScope scope = RunScope.DEFAULT.withSelection(s).withChunk(Duration.ofMinutes(10)).withWindow(W);
        RunScope full = scope.withFull(Duration.ofDays(3));
        assertThat(full.window()).isNull();
        assertThat(full.fullMaxRetention()).isEqualTo(Duration.ofDays(3));
        assertThat(full.selection()).isSameAs(s);
        assertThat(full.chunk()).isEqualTo(Duration.ofMinutes(10));
        assertThat(full.withWindow(W).fullMaxRetention()).isNull();
    }

    @Test
    void aScopeWithoutTimeIsRefusedWhenATimeIsRequired() {
        assertThatThrownBy(RunScope.DEFAULT::requireTime).isInstanceOf(IllegalStateException.class)
                .hasMessage("set a window or full(maxRetention)");
        assertThat(RunScope.DEFAULT.withWindow(W).requireTime().window()).isEqualTo(W);
    }

    @Test
    void durationsMustBePositive() {
        assertThatThrownBy(() -> RunScope.DEFAULT.withChunk(Duration.ZERO)).hasMessage("chunk must be positive, got PT0S");
        assertThatThrownBy(() -> RunScope.DEFAULT.withFull(Duration.ofHours(-1)))
                .hasMessage("maxRetention must be positive, got PT-1H");
    }

    @Test
    void aWindowIsTheSameForEveryPolicyAndIsTheReportedWindow() {
        RunScope scope = RunScope.DEFAULT.withWindow(W);
        assertThat(scope.windowOf(WEEK, NOW)).isEqualTo(W);
        assertThat(scope.reportWindow(List.of(W, W), NOW)).isEqualTo(W);
        assertThat(scope.reportWindow(List.of(), NOW)).isEqualTo(W);
    }

    @Test
    void aFullRunCoversEachPolicysRetentionBoundedAndReportsTheirUnion() {
        RunScope scope = RunScope.DEFAULT.withFull(Duration.ofDays(30));
        TimeWindow week = scope.windowOf(WEEK, NOW);
        TimeWindow forever = scope.windowOf(FOREVER, NOW);
        assertThat(week).isEqualTo(new TimeWindow(NOW.minus(Duration.ofDays(7)), NOW));
        assertThat(forever).isEqualTo(new TimeWindow(NOW.minus(Duration.ofDays(30)), NOW));
        assertThat(scope.reportWindow(List.of(week, forever), NOW)).isEqualTo(forever);
        // nothing selected: the bound back from now
        assertThat(RunScope.DEFAULT.withFull(Duration.ofDays(2)).reportWindow(List.of(), NOW))
                .isEqualTo(new TimeWindow(NOW.minus(Duration.ofDays(2)), NOW));
    }
}
