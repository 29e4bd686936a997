package io.syncflux.server;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class BasicAuthTest {
    private final BasicAuth auth = new BasicAuth("admin", "pa:ss wörd");

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsOnlyTheExactCredentials() {
        assertThat(auth.accepts(basic("admin:pa:ss wörd"))).isTrue();
        assertThat(auth.accepts("basic " + basic("admin:pa:ss wörd").substring(6))).isTrue();
        assertThat(auth.accepts(basic("admin:pa:ss"))).isFalse();
        assertThat(auth.accepts(basic("admin:pa:ss wörd "))).isFalse();
        assertThat(auth.accepts(basic("Admin:pa:ss wörd"))).isFalse();
        assertThat(auth.accepts(basic("adminpa:ss wörd"))).isFalse();
        assertThat(auth.accepts(basic("admin"))).isFalse();
    }

    @Test
    void rejectsMissingOrMalformedHeaders() {
        assertThat(auth.accepts(null)).isFalse();
        assertThat(auth.accepts("")).isFalse();
        assertThat(auth.accepts("Bearer abc")).isFalse();
        assertThat(auth.accepts("Basic !!!")).isFalse();
        assertThat(auth.accepts("Basic")).isFalse();
    }
}
