package io.syncflux.core.influx;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts a big measurement is read in are disjoint and cover every value, and numbered values spread evenly. */
class SeriesSplitTest {
    private static final Pattern CONDITION = Pattern.compile("\"k\" (=~|!~) /(.*)/");

    /** The conditions as Java patterns (Go's RE2 reads \x{..} and classes the same way): true means "matches". */
    private static List<java.util.function.Predicate<String>> parts(int n) {
        List<java.util.function.Predicate<String>> out = new ArrayList<>();
        for (String c : SeriesSplit.conditions("k", n)) {
            Matcher m = CONDITION.matcher(c);
            assertThat(m.matches()).as(c).isTrue();
            Pattern p = Pattern.compile(m.group(2));
            boolean negated = m.group(1).equals("!~");
            out.add(v -> p.matcher(v).find() != negated);
        }
        return out;
    }

    @Test
    void everyValueIsInExactlyOnePart() {
        List<String> values = new ArrayList<>(List.of("", "a", "host-1", "x]", "x\\", "x/", "x^", "x-", "x[", "\u00e9",
                "\uD83D\uDE00", "a\uDCFF", "tab\t", "sp ", "~", "!"));
        for (int i = 0; i < 1000; i++) {
            values.add("pod-" + Integer.toHexString(i * 7919));
        }
        for (int n : new int[]{2, 3, 9, 10, 47, 94}) {
            List<java.util.function.Predicate<String>> parts = parts(n);
            assertThat(parts).hasSize(n);
            for (String v : values) {
                assertThat(parts.stream().filter(p -> p.test(v)).count()).as(n + " parts, value " + v).isEqualTo(1);
            }
        }
    }

    @Test
    void numberedValuesSpreadOverThePartsEvenly() {
        int n = 9;
        List<java.util.function.Predicate<String>> parts = parts(n);
        int[] counts = new int[n];
        for (int i = 0; i < 90_000; i++) {
            String v = "host-" + i;
            for (int j = 0; j < n; j++) {
                if (parts.get(j).test(v)) {
                    counts[j]++;
                }
            }
        }
        for (int c : counts) {
            assertThat(c).isBetween(9_000, 18_000);
        }
    }
}
