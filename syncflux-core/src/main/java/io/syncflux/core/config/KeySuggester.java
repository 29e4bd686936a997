package io.syncflux.core.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Suggests the known key closest to a misspelt one, for "unknown key" messages (config keys here, command
 * line flags and actions in the CLI).
 */
public final class KeySuggester {
    private KeySuggester() {
    }

    /** " (did you mean "x"?)" for the closest known key within edit distance 3, else "". */
    static String suggest(String key, Set<String> known) {
        Optional<String> best = known.stream()
                .min((a, b) -> Integer.compare(distance(key.toLowerCase(Locale.ROOT), a),
                        distance(key.toLowerCase(Locale.ROOT), b)));
        if (best.isPresent() && distance(key.toLowerCase(Locale.ROOT), best.get()) <= 3) {
            return " (did you mean \"" + best.get() + "\"?)";
        }
        return "";
    }

    /**
     * The known word closest to {@code word} (case-insensitive) by edit distance, if at most
     * {@code maxDistance} edits away and fewer edits than the known word's length (so that "-x" does not
     * suggest "-v").
     */
    public static Optional<String> closest(String word, Collection<String> known, int maxDistance) {
        String w = word.toLowerCase(Locale.ROOT);
        return known.stream()
                .filter(k -> {
                    int d = distance(w, k.toLowerCase(Locale.ROOT));
                    return d <= maxDistance && d < k.length();
                })
                .min(Comparator.comparingInt((String k) -> distance(w, k.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()));
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
