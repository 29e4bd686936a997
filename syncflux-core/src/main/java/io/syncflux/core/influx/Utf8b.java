package io.syncflux.core.influx;

import java.nio.charset.StandardCharsets;

/**
 * A lossless byte codec for names and string values ("UTF-8b", as Python's {@code surrogateescape}):
 * InfluxDB stores whatever bytes a write sent, valid UTF-8 or not, and a copy must carry them exactly.
 *
 * <p>{@link #decode} turns valid UTF-8 into the usual {@code String}; each byte of a sequence that is
 * not valid UTF-8 (a stray continuation byte, a truncated sequence, an overlong form, an encoded
 * surrogate such as {@code ED A0 80}, anything above U+10FFFF) becomes the lone low surrogate
 * {@code U+DC80 + (byte - 0x80)}, i.e. U+DC80..U+DCFF. Valid UTF-8 never decodes to a lone surrogate,
 * so {@link #encode} can map those back to the very byte: {@code encode(decode(b))} equals {@code b}
 * for every byte array. Strings without escapes encode as plain UTF-8.
 *
 * <p>Stateless and thread-safe.
 */
public final class Utf8b {
    private static final char ESCAPE_FIRST = '\uDC80';
    private static final char ESCAPE_LAST = '\uDCFF';

    private Utf8b() {
    }

    /** Decodes all of {@code bytes}. */
    public static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * Decodes {@code len} bytes from {@code off}. Valid UTF-8 (the usual case, ASCII above all) takes
     * the JDK's decoder; only text whose decoding shows a replacement character is decoded again by
     * hand, since the JDK's decoder is strict and U+FFFD in its output means either a real U+FFFD or
     * an invalid sequence.
     */
    public static String decode(byte[] bytes, int off, int len) {
        String s = new String(bytes, off, len, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') < 0) {
            return s;
        }
        return decodeSlow(bytes, off, len);
    }

    private static String decodeSlow(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i] & 0xff;
            int n = validSequenceLength(b, i, end);
            if (n == 0) {
                sb.append((char) (0xDC00 + c));
                i++;
            } else if (n == 1) {
                sb.append((char) c);
                i++;
            } else {
                int cp = c & (0xff >> (n + 1));
                for (int k = 1; k < n; k++) {
                    cp = (cp << 6) | (b[i + k] & 0x3f);
                }
                sb.appendCodePoint(cp);
                i += n;
            }
        }
        return sb.toString();
    }

    /**
     * The length of the well-formed UTF-8 sequence at {@code i} (Unicode Table 3-7), or 0 when the byte
     * there does not start one.
     */
    private static int validSequenceLength(byte[] b, int i, int end) {
        int c = b[i] & 0xff;
        if (c < 0x80) {
            return 1;
        }
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            if (c == 0xE0) {
                lo = 0xA0; // overlong below
            } else if (c == 0xED) {
                hi = 0x9F; // surrogates
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            if (c == 0xF0) {
                lo = 0x90; // overlong below
            } else if (c == 0xF4) {
                hi = 0x8F; // above U+10FFFF
            }
        } else {
            return 0; // continuation byte, C0, C1, F5..FF
        }
        if (i + n > end) {
            return 0;
        }
        int second = b[i + 1] & 0xff;
        if (second < lo || second > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            int x = b[i + k] & 0xff;
            if (x < 0x80 || x > 0xBF) {
                return 0;
            }
        }
        return n;
    }

    /**
     * Encodes a string: escapes U+DC80..U+DCFF standing alone become their byte, everything else
     * UTF-8.
     *
     * @throws IllegalArgumentException for a lone surrogate that is not an escape (no decoded text
     *                                  holds one): it has no bytes to stand for
     */
    public static byte[] encode(CharSequence s) {
        String str = s.toString();
        if (!hasSurrogates(str)) {
            return str.getBytes(StandardCharsets.UTF_8);
        }
        byte[] out = new byte[str.length() * 3];
        return java.util.Arrays.copyOf(out, encodeInto(str, out));
    }

    /**
     * Encodes {@code s} like {@link #encode(CharSequence)} straight into an array of exactly {@code
     * byteLength} bytes, the length the caller counted: no copy of the text is made, so a big batch costs
     * its bytes once.
     *
     * @throws IllegalStateException when the encoding is not {@code byteLength} bytes long
     */
    public static byte[] encode(CharSequence s, int byteLength) {
        byte[] out = new byte[byteLength];
        int n;
        try {
            n = encodeInto(s, out);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalStateException("text encodes to more than the " + byteLength + " bytes counted");
        }
        if (n != byteLength) {
            throw new IllegalStateException("text encodes to " + n + " bytes, counted " + byteLength);
        }
        return out;
    }

    /** Writes the encoding of {@code s} into {@code out} from its start; returns the bytes written. */
    private static int encodeInto(CharSequence str, byte[] out) {
        int n = 0;
        for (int i = 0; i < str.length(); i++) {
            char c = str.charAt(i);
            if (c < 0x80) {
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | (c >> 6));
                out[n++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < str.length()
                    && Character.isLowSurrogate(str.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, str.charAt(++i));
                out[n++] = (byte) (0xF0 | (cp >> 18));
                out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                out[n++] = (byte) (0x80 | (cp & 0x3f));
            } else if (c >= ESCAPE_FIRST && c <= ESCAPE_LAST) {
                out[n++] = (byte) (c - 0xDC00);
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("lone surrogate U+" + Integer.toHexString(c).toUpperCase()
                        + " at index " + i + " is not an escaped byte");
            } else {
                out[n++] = (byte) (0xE0 | (c >> 12));
                out[n++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[n++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return n;
    }

    private static boolean hasSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code s} holds at least one escaped byte: a char in U+DC80..U+DCFF that is not the
     * second half of a surrogate pair.
     */
    public static boolean hasEscapes(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isEscapeAt(s, i)) {
                return true;
            }
        }
        return false;
    }

    /** True when the char at {@code i} is an escaped byte (not the low half of a surrogate pair). */
    public static boolean isEscapeAt(CharSequence s, int i) {
        char c = s.charAt(i);
        return c >= ESCAPE_FIRST && c <= ESCAPE_LAST && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }

    /** The byte an escape stands for (0x80..0xFF); only for chars where {@link #isEscapeAt} is true. */
    public static int escapedByte(char c) {
        return c - 0xDC00;
    }

    /**
     * {@code s} for messages and logs: each escaped byte shown as {@code \xNN}, everything else as is.
     */
    public static String display(String s) {
        if (!hasEscapes(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isEscapeAt(s, i)) {
                sb.append("\\x").append(Integer.toHexString(escapedByte(c)).toUpperCase());
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
