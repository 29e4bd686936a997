package io.syncflux.core.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FastHaTest {
    @Test
    void extraLinesReplaceTheFastLineOfTheirKeyAndOthersFollow() {
        assertThat(FastHa.general("rw-retry-delay = \"1s\"", "verify-interval = \"1s\"", "check-interval=\"5s\""))
                .containsExactly("check-interval=\"5s\"", "min-sync-interval = \"200ms\"",
                        "monitor-retry-interval = \"200ms\"", "rw-retry-delay = \"1s\"", "verify-interval = \"1s\"");
        assertThat(FastHa.general()).containsExactlyElementsOf(FastHa.LINES);
    }
}
