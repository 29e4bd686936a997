package io.syncflux.core.config;

import io.syncflux.core.api.GoDuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoDurationTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "10s, PT10S",
            "500ms, PT0.5S",
            "1m, PT1M",
            "60m, PT1H",
            "1h30m, PT1H30M",
            "8760h, PT8760H",
            "1.5h, PT1H30M",
            "-10h, PT-10H",
            "0, PT0S",
            "1h0m0s, PT1H",
            "250us, PT0.00025S",
            "7ns, PT0.000000007S",
            "+5s, PT5S",
    })
    void parsesGoSyntax(String text, String iso) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @Test
    void acceptsMicroSignSpellings() {
        assertThat(GoDuration.parse("3µs")).isEqualTo(Duration.ofNanos(3_000));
        assertThat(GoDuration.parse("3μs")).isEqualTo(Duration.ofNanos(3_000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10d", "5sec", "1w", "3H"})
    void rejectsUnknownUnitsNamingTheUnit(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown unit")
                .hasMessageContaining(text)
                .hasMessageContaining("use ns, us, ms, s, m or h");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "1h30", "-5"})
    void rejectsAMissingUnit(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("missing unit in duration \"" + text + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void rejectsEmptyText(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-", "h", "1..5h", ".h", "ms10"})
    void rejectsMalformedText(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> GoDuration.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsOverflow() {
        assertThatThrownBy(() -> GoDuration.parse("9999999999h"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({
            "PT1H30M, 1h30m0s",
            "PT0.5S, 500ms",
            "PT0S, 0s",
            "PT10S, 10s",
            "PT-10H, -10h0m0s",
            "PT8760H, 8760h0m0s",
            "PT1.25S, 1.25s",
    })
    void formatsLikeGo(String iso, String go) {
        assertThat(GoDuration.format(Duration.parse(iso))).isEqualTo(go);
        assertThat(GoDuration.parse(go)).isEqualTo(Duration.parse(iso));
    }
}
