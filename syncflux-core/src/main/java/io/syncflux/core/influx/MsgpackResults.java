package io.syncflux.core.influx;

import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes InfluxDB 1.x MessagePack query responses (plain or chunked) as a stream of {@link Series},
 * keeping exact types. Time arrives as extension type 5 (int64 seconds, uint32 nanoseconds); integers
 * in signed formats are {@code Long}; unsigned formats (used only for unsigned fields) become
 * {@link UnsignedValue}. Names and strings are decoded with {@link Utf8b}, so bytes that are not UTF-8
 * survive as escapes.
 */
final class MsgpackResults {
    private static final byte TIME_EXT = 5;
    /**
     * The longest name or string value read (64 MiB): more than a write can carry under InfluxDB's default
     * {@code max-body-size} (25 MB). A longer length in an answer is refused before anything is allocated.
     */
    static final int MAX_STRING_BYTES = 64 << 20;
    /** The most columns (fields) a row may have; a larger count is refused before anything is allocated. */
    static final int MAX_COLUMNS = 1 << 20;
    /** Bytes read into a string's buffer at a time: a length the body does not back costs at most this. */
    private static final int READ_STEP = 1 << 20;
    /** Items made room for ahead of their arrival at most. */
    private static final int PREALLOCATE = 1_024;
    private static final MessagePack.UnpackerConfig CONFIG = new MessagePack.UnpackerConfig()
            .withStringSizeLimit(MAX_STRING_BYTES);

    private MsgpackResults() {
    }

    /** Thrown when the server put an error inside a result. */
    static final class ResultError extends IOException {
        private static final long serialVersionUID = 1L;

        ResultError(String message) {
            super(message);
        }
    }

    /**
     * Reads the whole stream. A body cut short raises {@code IOException}: a truncated response is
     * never mistaken for a complete one. So is an answer the server marked {@code partial}: without
     * chunking that means the server cut it (its {@code max-row-limit}); with chunking it means more
     * follows, so a stream that ends while something is still partial is an error.
     *
     * @param chunked whether the query asked for a chunked answer
     */
    static void read(InputStream in, boolean chunked, SeriesHandler handler) throws Exception {
        try (MessageUnpacker u = CONFIG.newUnpacker(in)) {
            boolean any = false;
            boolean[] open = {false};
            while (u.hasNext()) {
                any = true;
                int n = u.unpackMapHeader();
                for (int i = 0; i < n; i++) {
                    String key = u.unpackString();
                    switch (key) {
                        case "results" -> readResults(u, chunked, open, handler);
                        case "error" -> throw new ResultError(readString(u));
                        default -> u.skipValue();
                    }
                }
            }
            if (!any) {
                throw new IOException("empty response body");
            }
            if (open[0]) {
                throw new ResultError("the answer ended while the server said more was coming (partial)");
            }
        }
    }

    private static void readResults(MessageUnpacker u, boolean chunked, boolean[] open, SeriesHandler handler)
            throws Exception {
        int n = u.unpackArrayHeader();
        for (int i = 0; i < n; i++) {
            int fields = u.unpackMapHeader();
            for (int f = 0; f < fields; f++) {
                String key = u.unpackString();
                switch (key) {
                    case "series" -> {
                        int count = u.unpackArrayHeader();
                        for (int s = 0; s < count; s++) {
                            boolean[] partial = {false};
                            Series series = readSeries(u, partial, handler);
                            partial(chunked, partial[0], open);
                            handler.accept(series);
                        }
                    }
                    case "partial" -> partial(chunked, u.unpackBoolean(), open);
                    case "error" -> throw new ResultError(readString(u));
                    default -> u.skipValue();
                }
            }
        }
    }

    private static void partial(boolean chunked, boolean partial, boolean[] open) throws ResultError {
        if (partial && !chunked) {
            throw new ResultError("the server cut the answer short (partial: true; is its max-row-limit set?)");
        }
        open[0] = partial;
    }

    /**
     * Reads one series, handing its rows on in parts of at most {@link #PART_BYTES} of the answer (or
     * {@link #PART_ROWS} rows) while they arrive, so that memory stays small whatever the rows' size and the
     * server's chunk size; returns the last part. Parts can be handed on early only when the name and
     * columns came before the values, as InfluxDB sends them.
     */
    private static Series readSeries(MessageUnpacker u, boolean[] partial, SeriesHandler handler) throws Exception {
        String name = "";
        Map<String, String> tags = Collections.emptyMap();
        List<String> columns = List.of();
        List<Object[]> rows = List.of();
        int fields = u.unpackMapHeader();
        for (int f = 0; f < fields; f++) {
            String key = u.unpackString();
            switch (key) {
                case "name" -> name = readString(u);
                case "partial" -> partial[0] = u.unpackBoolean();
                case "tags" -> {
                    int t = length(u.unpackMapHeader(), MAX_COLUMNS, "tags");
                    Map<String, String> m = new LinkedHashMap<>(Math.min(t, PREALLOCATE) * 2);
                    for (int i = 0; i < t; i++) {
                        m.put(readText(u), readString(u));
                    }
                    tags = m;
                }
                case "columns" -> {
                    int c = length(u.unpackArrayHeader(), MAX_COLUMNS, "columns");
                    List<String> cols = new ArrayList<>(Math.min(c, PREALLOCATE));
                    for (int i = 0; i < c; i++) {
                        cols.add(readText(u));
                    }
                    columns = cols;
                }
                case "values" -> {
                    int r = u.unpackArrayHeader();
                    boolean early = !columns.isEmpty();
                    List<Object[]> out = new ArrayList<>(Math.min(r, PART_ROWS));
                    long partStart = u.getTotalReadBytes();
                    for (int i = 0; i < r; i++) {
                        int c = u.unpackArrayHeader();
                        if (columns.isEmpty() ? c > MAX_COLUMNS : c != columns.size()) {
                            throw new MalformedAnswer("a row of " + Integer.toUnsignedString(c) + " values where the answer has "
                                    + columns.size() + " columns");
                        }
                        Object[] row = new Object[c];
                        for (int j = 0; j < c; j++) {
                            row[j] = readValue(u);
                        }
                        out.add(row);
                        if (early && i + 1 < r && (out.size() >= PART_ROWS
                                || u.getTotalReadBytes() - partStart >= PART_BYTES)) {
                            handler.accept(new Series(name, tags, columns, out));
                            out = new ArrayList<>(Math.min(r - i - 1, PART_ROWS));
                            partStart = u.getTotalReadBytes();
                        }
                    }
                    rows = out;
                }
                default -> u.skipValue();
            }
        }
        return new Series(name, tags, columns, rows);
    }

    /** Rows of one series handed on together at most. */
    static final int PART_ROWS = 10_000;
    /** Bytes of the answer whose rows are handed on together at most (about 1 MiB). */
    static final long PART_BYTES = 1 << 20;

    private static String readString(MessageUnpacker u) throws IOException {
        if (u.getNextFormat() == MessageFormat.NIL) {
            u.unpackNil();
            return "";
        }
        return readText(u);
    }

    /**
     * A str value decoded with {@link Utf8b}: InfluxDB sends names and string values as the raw bytes
     * that were written, which need not be UTF-8, and the copy must write back exactly those bytes.
     */
    private static String readText(MessageUnpacker u) throws IOException {
        int len = length(u.unpackRawStringHeader(), MAX_STRING_BYTES, "bytes in a string");
        return Utf8b.decode(payload(u, len));
    }

    /**
     * A length from the answer, refused when negative (beyond 2^31-1) or above {@code max}: an answer claiming
     * billions of items in a few bytes gets a clear error, never an allocation of that size.
     */
    static int length(int n, int max, String what) throws MalformedAnswer {
        if (n < 0 || n > max) {
            throw new MalformedAnswer("the answer claims " + Integer.toUnsignedString(n) + " " + what
                    + ", more than the " + max + " accepted");
        }
        return n;
    }

    /** Reads {@code len} bytes, making room only as they arrive (in steps of {@link #READ_STEP}). */
    private static byte[] payload(MessageUnpacker u, int len) throws IOException {
        if (len <= READ_STEP) {
            return u.readPayload(len);
        }
        byte[] out = new byte[READ_STEP];
        int have = 0;
        while (have < len) {
            int step = Math.min(READ_STEP, len - have);
            if (out.length < have + step) {
                out = java.util.Arrays.copyOf(out, (int) Math.min(len, Math.max((long) have + step, 2L * out.length)));
            }
            u.readPayload(out, have, step);
            have += step;
        }
        return out;
    }

    /** An answer that is not what InfluxDB sends: a length beyond the limits, a row that does not fit. */
    static final class MalformedAnswer extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedAnswer(String message) {
            super(message);
        }
    }

    static Object readValue(MessageUnpacker u) throws IOException {
        MessageFormat f = u.getNextFormat();
        switch (f) {
            case NIL:
                u.unpackNil();
                return null;
            case BOOLEAN:
                return u.unpackBoolean();
            case POSFIXINT:
            case NEGFIXINT:
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return u.unpackLong();
            case UINT8:
            case UINT16:
            case UINT32:
                return new UnsignedValue(u.unpackLong());
            case UINT64:
                return new UnsignedValue(u.unpackBigInteger().longValue());
            case FLOAT32:
            case FLOAT64:
                return u.unpackDouble();
            case FIXSTR:
            case STR8:
            case STR16:
            case STR32:
                return readText(u);
            case FIXEXT1:
            case FIXEXT2:
            case FIXEXT4:
            case FIXEXT8:
            case FIXEXT16:
            case EXT8:
            case EXT16:
            case EXT32: {
                ExtensionTypeHeader h = u.unpackExtensionTypeHeader();
                if (h.getType() != TIME_EXT || h.getLength() != 12) {
                    throw new MalformedAnswer("unexpected MessagePack extension type " + h.getType() + " of "
                            + Integer.toUnsignedString(h.getLength()) + " bytes");
                }
                byte[] data = u.readPayload(12);
                {
                    long sec = 0;
                    for (int i = 0; i < 8; i++) {
                        sec = (sec << 8) | (data[i] & 0xff);
                    }
                    long nsec = 0;
                    for (int i = 8; i < 12; i++) {
                        nsec = (nsec << 8) | (data[i] & 0xff);
                    }
                    return sec * 1_000_000_000L + nsec;
                }
            }
            default:
                // arrays, maps and binaries are not field values of InfluxDB 1.x: never coerce them to a type
                throw new IOException("unexpected MessagePack value of format " + f);
        }
    }
}
