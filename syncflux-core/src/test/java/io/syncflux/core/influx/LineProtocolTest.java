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
    void fieldKeysAlsoEscapeQuotes() {
        StringBuilder sb = new StringBuilder();
        LineProtocol.fieldKey(sb, "k\\\"=, ");
        assertThat(sb.toString()).isEqualTo("k\\\\\"\\=\\,\\ ");
    }

    @Test
    void whatLineProtocolCannotCarryIsNamed() {
        assertThat(LineProtocolLimits.measurement("#m")).contains("comment");
        assertThat(LineProtocolLimits.measurement("\tm")).contains("tab");
        assertThat(LineProtocolLimits.measurement("m\\")).contains("backslash");
        assertThat(LineProtocolLimits.measurement("a\\ b")).contains("backslash");
        assertThat(LineProtocolLimits.measurement(" a#b\\x\"=,")).isNull();
        assertThat(LineProtocolLimits.tag("k", "v\\")).contains("tag value");
        assertThat(LineProtocolLimits.tag("k\\", "v")).contains("tag key");
        assertThat(LineProtocolLimits.tag("time", "v")).contains("time");
        assertThat(LineProtocolLimits.tag("a\\ b", "c\\,d")).isNull();
        assertThat(LineProtocolLimits.fieldKey("a\\=b")).contains("backslash");
        assertThat(LineProtocolLimits.fieldKey("a\\\\=b")).isNull();
        assertThat(LineProtocolLimits.fieldKey("a\\\"b")).isNull();
        assertThat(LineProtocolLimits.fieldKey("f\\")).contains("ending");
    }

    @Test
    void theLineSplitterPortSeesQuotedNewlinesAndEscapedOnes() {
        String ok = "m,t=a\\\nb f=\"x\ny\" 1\n";
        assertThat(LineProtocolLimits.endOfLine(ok, 0)).isEqualTo(ok.length() - 1);
        String bare = "m,t=a\nb f=1 1\n";
        assertThat(LineProtocolLimits.endOfLine(bare, 0)).isEqualTo(5);
    }

    @Test
    void aNameWithBytesThatAreNotUtf8IsSelectedByAPattern() {
        String m = "m/." + (char) 0xDCFF + "\u00e9";
        assertThat(Influxql.from("d", "r", m)).isEqualTo("\"d\".\"r\"./^m\\x{2F}\\x{2E}\\x{FFFD}\\x{E9}$/");
        assertThatThrownBy(() -> Influxql.ident(m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\\xFF");
    }

    @Test
    void influxqlQuotingCannotBeEscapedFrom() {
        assertThat(Influxql.ident("x\" ; DROP DATABASE \"y")).isEqualTo("\"x\\\" ; DROP DATABASE \\\"y\"");
        assertThat(Influxql.ident("back\\slash\nnl")).isEqualTo("\"back\\\\slash\\nnl\"");
        assertThat(Influxql.literal("it's")).isEqualTo("'it\\'s'");
        assertThat(Influxql.from("d", "r", "m")).isEqualTo("\"d\".\"r\".\"m\"");
    }
}
