package io.syncflux.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages of syncflux-core form no cycle (the root package counts as one): value types sit in
 * {@code api} below everything, each engine in its own package, and {@code HaMonitor} at the top. Read from
 * the main sources: import lines and fully-qualified names in code, comments left out.
 */
class PackageCyclesTest {
    private static final Path MAIN = Path.of("src/main/java/io/syncflux/core");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.syncflux\\.core((?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

    @Test
    void thePackagesOfTheCoreFormNoCycle() {
        Map<String, Set<String>> graph = dependencies(MAIN);
        assertThat(graph).as("packages read").containsKeys("io.syncflux.core", "io.syncflux.core.api",
                "io.syncflux.core.copy", "io.syncflux.core.monitor");
        assertThat(cycle(graph)).as("a cycle in " + graph).isEmpty();
    }

    @Test
    void theCheckFindsABackEdge() {
        // the check itself can fail: the real graph plus one edge from a value package up to an engine
        Map<String, Set<String>> graph = dependencies(MAIN);
        graph.get("io.syncflux.core.api").add("io.syncflux.core.copy");
        assertThat(cycle(graph)).contains("io.syncflux.core.api", "io.syncflux.core.copy");
    }

    /** Package to the other core packages its main sources name. */
    static Map<String, Set<String>> dependencies(Path dir) {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Files.readString(f);
                Matcher p = PACKAGE.matcher(src);
                assertThat(p.find()).as("package line of " + f).isTrue();
                String pkg = p.group(1);
                Set<String> deps = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(COMMENTS.matcher(src).replaceAll(""));
                while (m.find()) {
                    String dep = "io.syncflux.core" + m.group(1);
                    if (!dep.equals(pkg)) {
                        deps.add(dep);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** One cycle as the packages along it (the first repeated at the end), or empty when there is none. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Set<String> done = new HashSet<>();
        for (String start : graph.keySet()) {
            List<String> found = search(graph, start, new ArrayDeque<>(), new HashSet<>(), done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> search(Map<String, Set<String>> graph, String node, Deque<String> path,
                                       Set<String> onPath, Set<String> done) {
        if (onPath.contains(node)) {
            List<String> c = new ArrayList<>();
            boolean in = false;
            for (String p : path) {
                in |= p.equals(node);
                if (in) {
                    c.add(p);
                }
            }
            c.add(node);
            return c;
        }
        if (!done.add(node)) {
            return List.of();
        }
        path.addLast(node);
        onPath.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> c = search(graph, next, path, onPath, done);
            if (!c.isEmpty()) {
                return c;
            }
        }
        path.removeLast();
        onPath.remove(node);
        return List.of();
    }
}
