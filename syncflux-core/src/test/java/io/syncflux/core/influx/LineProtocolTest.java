package io.syncflux.core.influx;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineProtocolTest {
    private static String value(Object v) {
        StringBuilder sb = new StringBuilder();
        LineProtocol.value(sb, v);
        return sb.toString();
    }

    @Test
    void valuesKeepTheirTypes() {
        assertThat(value(2.0)).isEqualTo("2.0");
        assertThat(value(-0.0)).isEqualTo("-0.0");
        assertThat(value(4.9E-324)).isEqualTo("4.9E-324");
        assertThat(value(Long.MIN_VALUE)).isEqualTo("-9223372036854775808i");
        assertThat(value(new UnsignedValue(-1L))).isEqualTo("18446744073709551615u");
        assertThat(value(true)).isEqualTo("true");
        assertThat(value("a \"q\" \\ b\nc")).isEqualTo("\"a \\\"q\\\" \\\\ b\nc\"");
        assertThatThrownBy(() -> value(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyDoubleRoundTripsThroughItsText() {
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < 100_000; i++) {
            double d = Double.longBitsToDouble(r.nextLong());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                continue;
            }
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(value(d)))).isEqualTo(Double.doubleToRawLongBits(d));
        }
    }

    @Test
    void namesAndTagsAreEscaped() {
        StringBuilder sb = new StringBuilder();
        LineProtocol.measurement(sb, "a b,c=d");
        sb.append(',');
        LineProtocol.key(sb, "k =,");
        assertThat(sb.toString()).isEqualTo("a\\ b\\,c=d,k\\ \\=\\,");
    }

    @Test
    void influxqlQuotingCannotBeEscapedFrom() {
        assertThat(Influxql.ident("x\" ; DROP DATABASE \"y")).isEqualTo("\"x\\\" ; DROP DATABASE \\\"y\"");
        assertThat(Influxql.ident("back\\slash\nnl")).isEqualTo("\"back\\\\slash\\nnl\"");
        assertThat(Influxql.literal("it's")).isEqualTo("'it\\'s'");
        assertThat(Influxql.from("d", "r", "m")).isEqualTo("\"d\".\"r\".\"m\"");
    }
}
