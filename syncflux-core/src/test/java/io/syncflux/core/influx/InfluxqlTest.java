package io.syncflux.core.influx;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class InfluxqlTest {
    @Test
    void aDurationIsWrittenInTheLargestUnitThatHoldsItWhole() {
        assertThat(Influxql.duration(Duration.ofHours(168))).isEqualTo("168h");
        assertThat(Influxql.duration(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Influxql.duration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Influxql.duration(Duration.ofMillis(1500))).isEqualTo("1500000000ns");
        assertThat(Influxql.duration(Duration.ZERO)).isEqualTo("INF");
    }

    @Test
    void anIdentifierIsDoubleQuotedWithItsQuotesEscaped() {
        assertThat(Influxql.ident("my \"db\"")).isEqualTo("\"my \\\"db\\\"\"");
    }
}
