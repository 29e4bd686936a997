package io.syncflux.core;

import io.syncflux.core.api.Selection;
import io.syncflux.core.api.SyncfluxException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectionTest {
    @Test
    void anExactNameSelectsThatNameOnlyWhateverItsCharacters() {
        Selection s = Selection.of(Selection.exactly("tele.graf"), null, Selection.exactly("cpu (x)"), null, null);
        assertThat(s.selectsDb("tele.graf")).isTrue();
        assertThat(s.selectsDb("teleXgraf")).isFalse();
        assertThat(s.selectsDb("tele.graf2")).isFalse();
        assertThat(s.selectsMeasurement("cpu (x)")).isTrue();
        assertThat(s.selectsMeasurement("cpu x")).isFalse();
    }

    @Test
    void anInvalidPatternIsAUsageErrorNamedAsTheCallerSays() {
        assertThatThrownBy(() -> Selection.pattern("db[1", "-db")).isInstanceOf(SyncfluxException.class)
                .hasMessageStartingWith("invalid regular expression for -db \"db[1\": ");
        assertThatThrownBy(() -> Selection.of(null, "a{2,1}", null, null, null))
                .hasMessageStartingWith("invalid regular expression for rp \"a{2,1}\": ");
    }
}
