package io.syncflux.core.influx;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

import java.io.IOException;
import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetaIntsTest {
    /** Decodes one value packed the way the server packs it, then reads it as metadata. */
    private static long roundTrip(java.util.function.Consumer<MessageBufferPacker> pack) throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        pack.accept(p);
        p.close();
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(p.toByteArray())) {
            return MetaInts.toLong(MsgpackResults.readValue(u), "shard_group");
        }
    }

    private static void raw(MessageBufferPacker p, int... bytes) {
        try {
            for (int b : bytes) {
                p.writePayload(new byte[]{(byte) b});
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void acceptsEveryIntegerEncodingTheServerUses() throws IOException {
        assertThat(roundTrip(p -> raw(p, 0x05))).isEqualTo(5);                               // positive fixint
        assertThat(roundTrip(p -> raw(p, 0xff))).isEqualTo(-1);                              // negative fixint
        assertThat(roundTrip(p -> raw(p, 0xcc, 200))).isEqualTo(200);                        // uint8
        assertThat(roundTrip(p -> raw(p, 0xcd, 0x01, 0x2c))).isEqualTo(300);                 // uint16
        assertThat(roundTrip(p -> raw(p, 0xce, 0x00, 0x01, 0x00, 0x00))).isEqualTo(65536);  // uint32
        assertThat(roundTrip(p -> raw(p, 0xcf, 0, 0, 0, 1, 0, 0, 0, 0))).isEqualTo(1L << 32); // uint64
        assertThat(roundTrip(p -> raw(p, 0xd0, 0x80))).isEqualTo(-128);                      // int8
        assertThat(roundTrip(p -> raw(p, 0xd1, 0x01, 0x00))).isEqualTo(256);                 // int16
        assertThat(roundTrip(p -> raw(p, 0xd2, 0, 1, 0, 0))).isEqualTo(65536);               // int32
        assertThat(roundTrip(p -> raw(p, 0xd3, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)))
                .isEqualTo(Long.MAX_VALUE);                                                   // int64
    }

    @Test
    void anUnsignedValueAboveLongMaxIsAnErrorNamingTheColumn() {
        assertThatThrownBy(() -> roundTrip(p -> {
            try {
                p.packBigInteger(BigInteger.ONE.shiftLeft(63));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shard_group").hasMessageContaining("9223372036854775808");
    }

    @Test
    void aValueThatIsNotAnIntegerIsAnErrorNamingTheColumn() {
        assertThatThrownBy(() -> MetaInts.toLong("12", "replicaN")).hasMessageContaining("replicaN");
        assertThatThrownBy(() -> MetaInts.toLong(null, "replicaN")).hasMessageContaining("replicaN");
        assertThatThrownBy(() -> MetaInts.toInt(1L << 40, "replicaN")).hasMessageContaining("replicaN");
    }
}
