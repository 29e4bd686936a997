package io.syncflux.core.pipeline;

import io.syncflux.core.influx.Series;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LineBatchTest {
    private final List<String> bodies = new ArrayList<>();
    private final List<List<String>> points = new ArrayList<>();

    private LineBatch batch(int maxPoints, int maxBytes) {
        return new LineBatch(maxPoints, maxBytes, (body, ends) -> {
            bodies.add(new String(body, StandardCharsets.UTF_8));
            List<String> p = new ArrayList<>();
            int start = 0;
            for (int end : ends) {
                p.add(new String(Arrays.copyOfRange(body, start, end), StandardCharsets.UTF_8));
                start = end;
            }
            assertThat(start).isEqualTo(body.length);
            points.add(p);
        });
    }

    private static Series rows(String... strings) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < strings.length; i++) {
            rows.add(new Object[]{(long) i, strings[i]});
        }
        return new Series("m", Map.of(), List.of("time", "s"), rows);
    }

    @Test
    void aBatchEndsBeforeItWouldPassTheByteLimit() {
        LineBatch b = batch(1000, 30);
        b.add(rows("aaaa", "bbbb", "cccc", "dddd")); // each line "m s=\"xxxx\" i\n" is 13 bytes
        b.flush();

        assertThat(bodies).allMatch(body -> body.getBytes(StandardCharsets.UTF_8).length <= 30);
        assertThat(points).extracting(List::size).containsExactly(2, 2);
        assertThat(b.totalPoints()).isEqualTo(4);
    }

    @Test
    void multiByteCharactersAreCountedAsUtf8Bytes() {
        LineBatch b = batch(1000, 30);
        b.add(rows("日本語", "✓✓✓", "😀😀", "x")); // 9 + 9 + 8 + 1 bytes of value plus 10 of line
        b.flush();

        assertThat(bodies).allMatch(body -> body.getBytes(StandardCharsets.UTF_8).length <= 30);
        assertThat(points).flatExtracting(p -> p).containsExactly("m s=\"日本語\" 0\n", "m s=\"✓✓✓\" 1\n",
                "m s=\"😀😀\" 2\n", "m s=\"x\" 3\n");
    }

    @Test
    void aPointBiggerThanTheLimitGoesAloneAndPointEndsSurviveNewlinesInStrings() {
        LineBatch b = batch(1000, 20);
        b.add(rows("a", "line one\nline two and more", "b"));
        b.flush();

        assertThat(points).containsExactly(List.of("m s=\"a\" 0\n"), List.of("m s=\"line one\nline two and more\" 1\n"),
                List.of("m s=\"b\" 2\n"));
    }

    @Test
    void thePointLimitStillApplies() {
        LineBatch b = batch(3, Integer.MAX_VALUE);
        b.add(rows("a", "b", "c", "d", "e", "f", "g"));
        b.flush();

        assertThat(points).extracting(List::size).containsExactly(3, 3, 1);
    }

    @Test
    void aRefusedPointIsNamedByItsUnescapedMeasurementAndTime() {
        String line = "we\\ ird\\,m,host=a s=\"x\" 1700000000123456789\n";
        assertThat(HalvingWriter.measurement(line)).isEqualTo("we ird,m");
        assertThat(HalvingWriter.time(line)).isEqualTo("2023-11-14T22:13:20.123456789Z");
    }
}
