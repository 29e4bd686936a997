package io.syncflux.core.influx;

/**
 * An unsigned 64-bit integer field value.
 *
 * @param bits the value's 64 bits, read as unsigned (see {@link Long#toUnsignedString(long)})
 */
public record UnsignedValue(long bits) {
    @Override
    public String toString() {
        return Long.toUnsignedString(bits) + "u";
    }
}
