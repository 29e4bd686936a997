package io.syncflux.core.influx;

import io.syncflux.core.pipeline.LineBatch;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Microbenchmark of the copy's CPU path without servers: decode a MessagePack answer shaped like a
 * copy chunk (10,000 rows: two tags, a float, an integer, a short ASCII string, a boolean), turn it
 * into line protocol and encode it to bytes. Run with
 * {@code java -cp <test classpath> io.syncflux.core.influx.DecodeEncodeBench [rows] [rounds]}.
 */
public final class DecodeEncodeBench {
    private DecodeEncodeBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        byte[] body = body(rows);
        long[] sink = new long[1];
        LineBatch.Sink s = (b, p) -> sink[0] += b.length;
        for (int i = 0; i < rounds / 3; i++) {
            once(body, rows, s);
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        long c0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < rounds; i++) {
            once(body, rows, s);
        }
        long ns = System.nanoTime() - t0;
        long cpu = mx.getCurrentThreadCpuTime() - c0;
        double perRow = (double) ns / rounds / rows;
        // CPU time of this thread is what to compare on a shared machine: wall time includes waiting
        System.out.printf("%d rows x %d rounds: %.1f ns/row wall, %.1f ns/row cpu, %.2f M rows/s (%d bytes out)%n",
                rows, rounds, perRow, (double) cpu / rounds / rows, 1000.0 / perRow, sink[0]);
    }

    private static void once(byte[] body, int rows, LineBatch.Sink sink) throws Exception {
        LineBatch batch = new LineBatch(20_000, 8 << 20, sink);
        MsgpackResults.read(new ByteArrayInputStream(body), false, batch::add);
        batch.flush();
    }

    static byte[] body(int rows) throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packMapHeader(1).packString("results").packArrayHeader(1).packMapHeader(2);
        p.packString("statement_id").packInt(0).packString("series").packArrayHeader(1);
        p.packMapHeader(4).packString("name").packString("cpu_load_short");
        p.packString("tags").packMapHeader(2).packString("host").packString("server-042")
                .packString("region").packString("eu-west-1");
        String[] cols = {"time", "value", "count", "status", "ok"};
        p.packString("columns").packArrayHeader(cols.length);
        for (String c : cols) {
            p.packString(c);
        }
        p.packString("values").packArrayHeader(rows);
        long t = 1_600_000_000_000_000_000L;
        for (int i = 0; i < rows; i++) {
            p.packArrayHeader(cols.length);
            long ts = t + i * 1_000_000_000L;
            p.packExtensionTypeHeader((byte) 5, 12);
            byte[] e = new byte[12];
            long sec = ts / 1_000_000_000L;
            long nsec = ts % 1_000_000_000L;
            for (int k = 0; k < 8; k++) {
                e[k] = (byte) (sec >>> (56 - 8 * k));
            }
            for (int k = 0; k < 4; k++) {
                e[8 + k] = (byte) (nsec >>> (24 - 8 * k));
            }
            p.writePayload(e);
            p.packDouble(i * 0.25).packLong(i).packString("status-" + (i % 17)).packBoolean((i & 1) == 0);
        }
        p.close();
        return p.toByteArray();
    }
}
