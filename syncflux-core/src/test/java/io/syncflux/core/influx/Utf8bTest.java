package io.syncflux.core.influx;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Utf8bTest {
    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private static String escapes(int... b) {
        StringBuilder sb = new StringBuilder();
        for (int x : b) {
            sb.append((char) (0xDC00 + x));
        }
        return sb.toString();
    }

    @Test
    void validUtf8DecodesAsTheJdkDoes() {
        String s = "plain ascii, é, 日本語, \uFFFD itself, \uD83D\uDE00 and \u0000";
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8b.decode(b)).isEqualTo(s);
        assertThat(Utf8b.encode(s)).isEqualTo(b);
        assertThat(Utf8b.hasEscapes(s)).isFalse();
    }

    @Test
    void eachByteOfAnInvalidSequenceBecomesOneEscape() {
        // stray continuation byte and bytes that never start a sequence
        assertThat(Utf8b.decode(bytes('a', 0x80, 'b', 0xFF, 0xC0, 0xC1, 0xF5))).isEqualTo(
                "a" + escapes(0x80) + "b" + escapes(0xFF, 0xC0, 0xC1, 0xF5));
        // overlong forms of '/' and of U+0000
        assertThat(Utf8b.decode(bytes(0xC0, 0xAF))).isEqualTo(escapes(0xC0, 0xAF));
        assertThat(Utf8b.decode(bytes(0xE0, 0x80, 0xAF))).isEqualTo(escapes(0xE0, 0x80, 0xAF));
        assertThat(Utf8b.decode(bytes(0xF0, 0x80, 0x80, 0xAF))).isEqualTo(escapes(0xF0, 0x80, 0x80, 0xAF));
        // an encoded surrogate, high and low
        assertThat(Utf8b.decode(bytes(0xED, 0xA0, 0x80))).isEqualTo(escapes(0xED, 0xA0, 0x80));
        assertThat(Utf8b.decode(bytes(0xED, 0xBF, 0xBF))).isEqualTo(escapes(0xED, 0xBF, 0xBF));
        // above U+10FFFF
        assertThat(Utf8b.decode(bytes(0xF4, 0x90, 0x80, 0x80))).isEqualTo(escapes(0xF4, 0x90, 0x80, 0x80));
        // truncated sequences: at the end, and followed by ASCII
        assertThat(Utf8b.decode(bytes('x', 0xE2, 0x82))).isEqualTo("x" + escapes(0xE2, 0x82));
        assertThat(Utf8b.decode(bytes(0xF0, 0x9F, 0x98, 'y'))).isEqualTo(escapes(0xF0, 0x9F, 0x98) + "y");
        // a valid sequence right after an invalid byte is decoded normally
        assertThat(Utf8b.decode(bytes(0xFF, 0xE2, 0x82, 0xAC))).isEqualTo(escapes(0xFF) + "\u20AC");
        // U+FFFD written as such stays U+FFFD, next to an escape
        assertThat(Utf8b.decode(bytes(0xEF, 0xBF, 0xBD, 0xFE))).isEqualTo("\uFFFD" + escapes(0xFE));
    }

    @Test
    void boundariesOfTheWellFormedRangesDecode() {
        int[] cps = {0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF};
        for (int cp : cps) {
            String s = new String(Character.toChars(cp));
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8b.decode(b)).as("U+%X", cp).isEqualTo(s);
            assertThat(Utf8b.encode(Utf8b.decode(b))).isEqualTo(b);
        }
    }

    @Test
    void everyByteArrayRoundTrips() {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        int[] alphabet = {'a', '"', '\\', 0x80, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
                0x9F, 0xA0, 0x90, 0x8F, 0xBD};
        for (int n = 0; n < 200_000; n++) {
            byte[] b = new byte[r.nextInt(12)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : alphabet[r.nextInt(alphabet.length)]);
            }
            String s = Utf8b.decode(b);
            assertThat(Utf8b.encode(s)).as("seed %d, bytes %s", seed, java.util.HexFormat.of().formatHex(b))
                    .isEqualTo(b);
            boolean valid = java.util.Arrays.equals(new String(b, StandardCharsets.UTF_8)
                    .getBytes(StandardCharsets.UTF_8), b);
            assertThat(Utf8b.hasEscapes(s)).as("seed %d, bytes %s", seed, java.util.HexFormat.of().formatHex(b))
                    .isEqualTo(!valid);
        }
    }

    @Test
    void decodingASliceReadsOnlyThatSlice() {
        byte[] b = bytes('x', 0xFF, 'y', 'z');
        assertThat(Utf8b.decode(b, 1, 2)).isEqualTo(escapes(0xFF) + "y");
    }

    @Test
    void aLoneSurrogateThatIsNoEscapeHasNoBytes() {
        assertThatThrownBy(() -> Utf8b.encode("a\uD800b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+D800");
        assertThatThrownBy(() -> Utf8b.encode("\uDC7F")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void displayShowsEscapedBytesAsHex() {
        assertThat(Utf8b.display("m" + escapes(0xFF, 0x80))).isEqualTo("m\\xFF\\x80");
        assertThat(Utf8b.display("plain")).isEqualTo("plain");
    }
}
