package io.syncflux.core;

import io.syncflux.core.api.SyncfluxException;
import io.syncflux.core.api.TimeWindow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeWindowTest {
    static final Instant NOW = Instant.parse("2019-04-06T10:00:00.123456789Z");

    @ParameterizedTest
    @CsvSource({
            "now, 2019-04-06T10:00:00.123456789Z",
            "1554537600, 2019-04-06T08:00:00Z",
            "-10h, 2019-04-06T00:00:00.123456789Z",
            "-1h30m, 2019-04-06T08:30:00.123456789Z",
            "2019-04-06T09:45:05Z, 2019-04-06T09:45:05Z",
            "2019-04-06T09:45:05.461897766+02:00, 2019-04-06T07:45:05.461897766Z",
    })
    void acceptsTheCommandLineTimeSyntax(String text, String expected) {
        assertThat(TimeWindow.parseTime(text, NOW, "-start")).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10h|needs a sign",
            "+10h|lies in the future",
            "-10x|unknown unit",
            "yesterday|cannot parse time",
            "2019-13-45T00:00:00Z|cannot parse time",
    })
    void rejectsBadTimesWithOneLineNamingTheFlag(String text, String problem) {
        assertThatThrownBy(() -> TimeWindow.parseTime(text, NOW, "-start"))
                .isInstanceOf(SyncfluxException.class)
                .hasMessageStartingWith("-start")
                .hasMessageContaining(problem)
                .satisfies(e -> {
                    assertThat(((SyncfluxException) e).kind()).isEqualTo(SyncfluxException.Kind.USAGE);
                    assertThat(e.getMessage()).doesNotContain("\n");
                });
    }

    @Test
    void defaultsToTheLast24Hours() {
        TimeWindow w = TimeWindow.parse(null, null, NOW);
        assertThat(w.end()).isEqualTo(NOW);
        assertThat(w.length()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void startAfterEndIsAnError() {
        assertThatThrownBy(() -> TimeWindow.parse("-1h", "-2h", NOW))
                .isInstanceOf(SyncfluxException.class).hasMessageStartingWith("start \"-1h\"")
                .hasMessageContaining("is not before end");
        // a front end names the times as its users know them
        assertThatThrownBy(() -> TimeWindow.parse("-1h", "-2h", NOW, "-start", "-end"))
                .isInstanceOf(SyncfluxException.class).hasMessageContaining("is not before -end");
        assertThatThrownBy(() -> TimeWindow.parse("now", "now", NOW)).isInstanceOf(SyncfluxException.class);
    }

    @Test
    void isHalfOpen() {
        TimeWindow w = new TimeWindow(NOW, NOW.plusSeconds(1));
        assertThat(w.contains(NOW)).isTrue();
        assertThat(w.contains(NOW.plusSeconds(1))).isFalse();
        assertThat(w.contains(NOW.plusSeconds(1).minusNanos(1))).isTrue();
    }
}
