package io.syncflux.core.influx;

/** An unsigned 64-bit integer field value; {@code bits} is read as unsigned. */
public record UnsignedValue(long bits) {
    @Override
    public String toString() {
        return Long.toUnsignedString(bits) + "u";
    }
}
