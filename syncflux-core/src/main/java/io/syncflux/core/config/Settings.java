package io.syncflux.core.config;

import io.syncflux.core.api.GoDuration;
import java.time.Duration;
import java.util.Objects;

/** The range checks of the settings records: each names the config key whose value is out of range. */
final class Settings {
    private Settings() {
    }

    static int atLeastOne(int n, String key) {
        if (n < 1) {
            throw new IllegalArgumentException(key + " must be 1 or more, got " + n);
        }
        return n;
    }

    static Duration positive(Duration d, String key) {
        Objects.requireNonNull(d, key);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got " + GoDuration.format(d));
        }
        return d;
    }

    static Duration notNegative(Duration d, String key, String hint) {
        Objects.requireNonNull(d, key);
        if (d.isNegative()) {
            throw new IllegalArgumentException(key + " must not be negative" + hint);
        }
        return d;
    }
}
