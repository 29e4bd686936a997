package io.syncflux.core.pipeline;

import io.syncflux.core.influx.Series;
import io.syncflux.core.influx.Utf8b;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LineBatchBytesTest {
    private final List<byte[]> bodies = new ArrayList<>();
    private final LineBatch batch = new LineBatch(1000, Integer.MAX_VALUE, (b, ends) -> bodies.add(b));

    private static Series series(String name, Map<String, String> tags, List<String> cols, Object[]... rows) {
        return new Series(name, tags, cols, List.of(rows));
    }

    private String written() {
        batch.flush();
        StringBuilder sb = new StringBuilder();
        bodies.forEach(b -> sb.append(new String(b, StandardCharsets.ISO_8859_1)));
        return sb.toString();
    }

    @Test
    void tagValuesAndStringsThatAreNotUtf8GoOutAsTheyCame() {
        String v = Utf8b.decode(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, 'x', (byte) 0xC3, (byte) 0xA9});
        batch.add(series("m", Map.of("t", v), List.of("time", "s"), new Object[] {5L, v}));
        byte[] expected = new byte[] {'m', ',', 't', '=', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'x',
                (byte) 0xC3, (byte) 0xA9, ' ', 's', '=', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'x', (byte) 0xC3,
                (byte) 0xA9, '"', ' ', '5', '\n'};
        assertThat(written()).isEqualTo(new String(expected, StandardCharsets.ISO_8859_1));
        assertThat(batch.rejectedPoints()).isZero();
    }

    @Test
    void namesAndKeysThatAreNotUtf8AreNotCopyable() {
        String bad = Utf8b.decode(new byte[] {'k', (byte) 0xFF});
        batch.add(series(bad, Map.of(), List.of("time", "v"), new Object[] {1L, 1L}));
        batch.add(series("m", Map.of(), List.of("time", bad), new Object[] {2L, 1L}));
        batch.add(series("m", Map.of(bad, "", "t", "x"), List.of("time", "v"), new Object[] {3L, 1L}));
        assertThat(written()).isEmpty();
        assertThat(batch.rejections()).containsExactly(
                "measurement \"k\\xFF\": InfluxDB 1.6 cannot persist a measurement name or field key that is not UTF-8 "
                        + "(after its next restart the whole shard would read empty) (1 point)",
                "measurement \"m\": field key \"k\\xFF\": InfluxDB 1.6 cannot persist a measurement name or field key "
                        + "that is not UTF-8 (after its next restart the whole shard would read empty) (1 point)",
                "measurement \"m\": tag key \"k\\xFF\": InfluxDB 1.6 returns the points of a measurement with a tag key "
                        + "that is not UTF-8 under wrong tags, so they cannot be copied exactly (1 point)");
    }

    @Test
    void pointsLineProtocolCannotCarryAreCountedWithTheirReasonAndNotWritten() {
        batch.add(series("#m", Map.of(), List.of("time", "v"), new Object[] {1L, 1L}, new Object[] {2L, 2L},
                new Object[] {3L, null}));
        batch.add(series("ok", Map.of("t", "v\\"), List.of("time", "v"), new Object[] {4L, 1L}));
        batch.add(series("ok", Map.of(), List.of("time", "a\\=b", "c"), new Object[] {5L, 1L, 2L},
                new Object[] {6L, null, 3L}));
        batch.add(series("ok", Map.of("t", "a\nb"), List.of("time", "v"), new Object[] {7L, 1L}));

        assertThat(written()).isEqualTo("ok c=3i 6\n");
        assertThat(batch.rejectedPoints()).isEqualTo(5);
        assertThat(batch.rejections()).containsExactly(
                "measurement \"#m\": a line starting with '#' is a comment in line protocol (2 points)",
                "measurement \"ok\": tag \"t\"=\"v\\\": a tag value ending in a backslash cannot be written (1 point)",
                "measurement \"ok\": field key \"a\\=b\": a field key with a backslash before a comma, space or '=' "
                        + "cannot be written (1 point)",
                "measurement \"ok\": the server would split or join this line elsewhere (a newline or backslash in a "
                        + "name) (1 point)");
    }

    @Test
    void aFieldKeyStartingWithATabIsNeverTheFirstField() {
        batch.add(series("m", Map.of(), List.of("time", "\tk", "z"), new Object[] {1L, 1L, 2L},
                new Object[] {2L, 1L, null}));
        assertThat(written()).isEqualTo("m z=2i,\tk=1i 1\n");
        assertThat(batch.rejections()).singleElement().asString().contains("leading tab or NUL");
    }

    @Test
    void fieldKeysEscapeQuotesAndMeasurementsKeepTheCanonicalEscapes() {
        batch.add(series("a=\"b c,d", Map.of("k=1", "v 2"), List.of("time", "f\\\"x"), new Object[] {1L, "s"}));
        assertThat(written()).isEqualTo("a=\"b\\ c\\,d,k\\=1=v\\ 2 f\\\\\"x=\"s\" 1\n");
    }
}
