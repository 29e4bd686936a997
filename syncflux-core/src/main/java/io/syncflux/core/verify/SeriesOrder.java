package io.syncflux.core.verify;

import io.syncflux.core.influx.Utf8b;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

/**
 * The order in which InfluxDB 1.x returns the series of a measurement with {@code GROUP BY *}: by their tag
 * values, taken in the order of the sorted tag keys, each compared as raw bytes (unsigned), an absent tag
 * counting as the empty value. This holds within a shard, across shards, and in chunked answers, for
 * {@code SELECT *} and for {@code COUNT(*)} alike ({@code SeriesOrderIT} checks it on a real server with
 * values that tell this order from the order of the escaped series key).
 *
 * <p>Two answers of the same measurement from two nodes may carry different sets of tag keys (one node
 * never saw a key in that time range); comparing over the union of both sets, absent as empty, keeps both
 * answers in one order, so they can be merged in constant memory.
 */
final class SeriesOrder {
    private SeriesOrder() {
    }

    /** Negative, zero or positive as series {@code a} comes before, with, or after series {@code b}. */
    static int compare(Map<String, String> a, Map<String, String> b) {
        if (a.keySet().equals(b.keySet())) {
            return compareOver(new TreeSet<>(a.keySet()), a, b);
        }
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return compareOver(keys, a, b);
    }

    private static int compareOver(TreeSet<String> keys, Map<String, String> a, Map<String, String> b) {
        Iterator<String> it = keys.iterator();
        while (it.hasNext()) {
            String k = it.next();
            int c = compareValues(a.getOrDefault(k, ""), b.getOrDefault(k, ""));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Two values as the bytes the server holds, compared unsigned. */
    static int compareValues(String x, String y) {
        if (x.equals(y)) {
            return 0;
        }
        if (isAscii(x) && isAscii(y)) {
            return x.compareTo(y);
        }
        byte[] a = Utf8b.encode(x);
        byte[] b = Utf8b.encode(y);
        return java.util.Arrays.compareUnsigned(a, b);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
