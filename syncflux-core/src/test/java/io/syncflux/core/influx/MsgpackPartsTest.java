package io.syncflux.core.influx;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A long series reaches the handler in bounded parts, all rows in order, whatever the server's chunk. */
class MsgpackPartsTest {
    private static byte[] series(int rows, int stringBytes) throws Exception {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(1).packString("results").packArrayHeader(1).packMapHeader(1);
        p.packString("series").packArrayHeader(1);
        p.packMapHeader(4).packString("name").packString("m");
        p.packString("tags").packMapHeader(1).packString("h").packString("a");
        p.packString("columns").packArrayHeader(2).packString("time").packString("s");
        p.packString("values").packArrayHeader(rows);
        String big = "x".repeat(stringBytes);
        for (int i = 0; i < rows; i++) {
            p.packArrayHeader(2).packLong(i).packString(big + i);
        }
        p.close();
        return p.toByteArray();
    }

    private static List<io.syncflux.core.influx.Series> read(byte[] body) throws Exception {
        List<io.syncflux.core.influx.Series> parts = new ArrayList<>();
        MsgpackResults.read(new ByteArrayInputStream(body), true, parts::add);
        return parts;
    }

    @Test
    void manySmallRowsArriveInPartsOfAtMostTheRowLimitInOrder() throws Exception {
        List<io.syncflux.core.influx.Series> parts = read(series(25_000, 10));
        assertThat(parts).hasSize(3).allSatisfy(s -> {
            assertThat(s.name()).isEqualTo("m");
            assertThat(s.tags()).containsEntry("h", "a");
            assertThat(s.rows().size()).isLessThanOrEqualTo(MsgpackResults.PART_ROWS);
        });
        long expected = 0;
        for (io.syncflux.core.influx.Series s : parts) {
            for (Object[] row : s.rows()) {
                assertThat((String) row[1]).isEqualTo("x".repeat(10) + expected++);
            }
        }
        assertThat(expected).isEqualTo(25_000);
    }

    @Test
    void bigRowsArriveInPartsOfAboutAMebibyte() throws Exception {
        List<io.syncflux.core.influx.Series> parts = read(series(2_000, 4_000));
        assertThat(parts).hasSizeGreaterThanOrEqualTo(7);
        assertThat(parts).allSatisfy(s -> assertThat(s.rows().size() * 4_000L).isLessThanOrEqualTo(
                MsgpackResults.PART_BYTES + 8_000));
        assertThat(parts.stream().mapToInt(s -> s.rows().size()).sum()).isEqualTo(2_000);
    }
}
