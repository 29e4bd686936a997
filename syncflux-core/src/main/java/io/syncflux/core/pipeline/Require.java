package io.syncflux.core.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * The argument checks of the copy and verify builders, so that every setter fails fast the same way and
 * with the same message shape, naming the bad argument and its value.
 */
public final class Require {
    private Require() {
    }

    /**
     * @return {@code d}
     * @throws NullPointerException     when {@code d} is null (message: {@code what})
     * @throws IllegalArgumentException when {@code d} is zero or negative: "{@code what} must be positive, got d"
     */
    public static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }

    /**
     * @return {@code d}
     * @throws NullPointerException     when {@code d} is null (message: {@code what})
     * @throws IllegalArgumentException when {@code d} is negative: "{@code what} must not be negative"
     */
    public static Duration notNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative");
        }
        return d;
    }

    /**
     * @return {@code n}
     * @throws IllegalArgumentException when {@code n < min}: "{@code what} must be min or more, got n"
     */
    public static int atLeast(int min, int n, String what) {
        if (n < min) {
            throw new IllegalArgumentException(what + " must be " + min + " or more, got " + n);
        }
        return n;
    }
}
