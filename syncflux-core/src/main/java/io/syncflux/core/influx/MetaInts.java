package io.syncflux.core.influx;

/**
 * Reads an integer column of a metadata answer ({@code SHOW SHARDS}, {@code SHOW RETENTION POLICIES},
 * counts). The server encodes each integer in the smallest MessagePack format that holds it, signed or
 * unsigned depending on its Go type: a shard group id of 200 arrives as uint8, of 300 as uint16. The
 * decoder gives signed formats as {@code Long} and unsigned ones as {@link UnsignedValue}; every
 * metadata integer goes through here so that no encoding can crash or be silently skipped.
 */
public final class MetaInts {
    private MetaInts() {
    }

    /**
     * The value as a {@code long}.
     *
     * @param value  a decoded cell: {@code Long} or {@link UnsignedValue}
     * @param column the column's name, for the error message
     * @throws IllegalArgumentException naming the column when the value is null, not an integer, or an
     *                                  unsigned value above {@link Long#MAX_VALUE}
     */
    public static long toLong(Object value, String column) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof UnsignedValue u) {
            if (u.bits() < 0) {
                throw new IllegalArgumentException("column " + column + ": unsigned value " + u
                        + " is above " + Long.MAX_VALUE);
            }
            return u.bits();
        }
        throw new IllegalArgumentException("column " + column + ": expected an integer, got "
                + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
    }

    /**
     * The value as an {@code int}.
     *
     * @throws IllegalArgumentException as {@link #toLong}, or when the value does not fit an {@code int}
     */
    public static int toInt(Object value, String column) {
        long l = toLong(value, column);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("column " + column + ": " + l + " does not fit a 32-bit integer");
        }
        return (int) l;
    }
}
