package io.syncflux.core;

import io.syncflux.core.api.TimeScope;
import io.syncflux.core.api.TimeWindow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeScopeTest {
    static final TimeWindow W = new TimeWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"));

    @Test
    void aScopeIsAWindowOrAFullRetentionWithAnOptionalChunk() {
        TimeScope w = TimeScope.of(W).withChunk(Duration.ofMinutes(30));
        assertThat(w.full()).isFalse();
        assertThat(w.window()).isEqualTo(W);
        assertThat(w.chunk()).isEqualTo(Duration.ofMinutes(30));
        TimeScope f = TimeScope.full(Duration.ofDays(7));
        assertThat(f.full()).isTrue();
        assertThat(f.chunk()).isNull();
        assertThat(f.withChunk(null)).isEqualTo(f);
    }

    @Test
    void bothOrNeitherAndNonPositiveDurationsAreRefused() {
        assertThatThrownBy(() -> new TimeScope(W, Duration.ofDays(1), null)).hasMessageContaining("not both");
        assertThatThrownBy(() -> new TimeScope(null, null, null)).hasMessageContaining("or none");
        assertThatThrownBy(() -> TimeScope.full(Duration.ZERO)).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> TimeScope.of(W).withChunk(Duration.ofSeconds(-1))).hasMessageContaining("chunk");
    }
}
