package io.syncflux.core.testing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PointsTest {
    @Test
    void defaultsAreAnIntegerFieldOneNanosecondApartFromZero() {
        assertThat(Points.of("m").lines(3)).isEqualTo("m v=0i 0\nm v=1i 1\nm v=2i 2\n");
    }

    @Test
    void tagsCycleOrStayAndFieldsAndTimesFollowTheIndex() {
        Points p = Points.of("bulk").tag("host", "a").tag("k", "k", 3).fields(i -> "v=" + i + "i,f=" + i + ".5")
                .from(Instant.ofEpochSecond(10), Duration.ofSeconds(-1));
        assertThat(p.lines(4)).isEqualTo("""
                bulk,host=a,k=k0 v=0i,f=0.5 10000000000
                bulk,host=a,k=k1 v=1i,f=1.5 9000000000
                bulk,host=a,k=k2 v=2i,f=2.5 8000000000
                bulk,host=a,k=k0 v=3i,f=3.5 7000000000
                """);
    }

    @Test
    void spreadPlacesThePointsEvenlyWithinTheRange() {
        Points p = Points.of("m").spread(1_000, 2_000);
        assertThat(p.lines(4)).isEqualTo("m v=0i 1000\nm v=1i 1250\nm v=2i 1500\nm v=3i 1750\n");
        assertThat(p.time(2, 3)).isEqualTo(1_666).isLessThan(2_000);
        assertThatThrownBy(() -> Points.of("m").spread(5, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Points.of("m").tag("k", "k", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGeneratorIsImmutable() {
        Points base = Points.of("m");
        base.tag("k", "v").from(5, 5);
        assertThat(base.line(1, 1)).isEqualTo("m v=1i 1");
    }
}
