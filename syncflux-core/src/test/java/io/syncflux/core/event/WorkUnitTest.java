package io.syncflux.core.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class WorkUnitTest {
    private static final Instant S = Instant.ofEpochSecond(3600);
    private static final Instant E = Instant.ofEpochSecond(7200);

    private static WorkUnit unit(String db, String rp, String m) {
        return new WorkUnit(db, rp, m, S, E, db, rp);
    }

    /** The first key format, as journals written before this change hold it. */
    private static String oldKey(WorkUnit u) {
        return u.db() + "/" + u.rp() + "/" + u.measurement() + "@" + u.start().getEpochSecond() * 1_000_000_000L
                + "-" + u.end().getEpochSecond() * 1_000_000_000L;
    }

    @Test
    void namesHoldingTheSeparatorNoLongerShareAKey() {
        WorkUnit a = unit("a/b", "c", "m");
        WorkUnit b = unit("a", "b/c", "m");
        assertThat(oldKey(a)).isEqualTo(oldKey(b));

        assertThat(a.key()).isNotEqualTo(b.key());
    }

    @Test
    void keysAreDistinctAcrossAwkwardNamesAndRanges() {
        List<WorkUnit> units = List.of(unit("a/b", "c", "m"), unit("a", "b/c", "m"), unit("a", "b", "c/m"),
                unit("1:a", "b", "m"), unit("1", ":ab", "m"), unit("a@1", "b", "m"), unit("a", "b", "m@1"),
                unit("", "", "m"), unit("u2|1:a", "b", "m"), unit("a", "b", "m").withRange(S, E.plusNanos(1)),
                unit("a", "b", "m").withRange(S.minusSeconds(7200), E), unit("a|", "b", "m"));
        Set<String> keys = new HashSet<>();
        units.forEach(u -> keys.add(u.key()));
        assertThat(keys).hasSize(units.size());
    }

    @Test
    void aKeyIsStableAndAnOldFormatKeyNeverMatchesANewOne() {
        WorkUnit u = unit("db", "autogen", "cpu");
        assertThat(u.key()).isEqualTo(unit("db", "autogen", "cpu").key());
        assertThat(u.key()).isEqualTo("u2|2:db7:autogen3:cpu3600000000000,7200000000000|");
        // an old journal entry for any unit is recopied, never taken for a new unit's key
        for (WorkUnit other : List.of(u, unit("u2|2:db7:autogen3:cpu3600000000000,7200000000000|", "x", "y"))) {
            assertThat(oldKey(other)).isNotEqualTo(u.key()).doesNotEndWith("|");
        }
    }
}
