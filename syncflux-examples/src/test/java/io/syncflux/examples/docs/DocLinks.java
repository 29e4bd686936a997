package io.syncflux.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the links of the project's Markdown files as GitHub renders them: a relative link must name a file or
 * directory of the repository, and an anchor ({@code #name}, in the same file or another Markdown file) must be
 * the slug of a heading of its target. External {@code http(s)} links are not fetched (the build has no network),
 * only checked to be well-formed. Links inside fenced code blocks and code spans are not links and are skipped.
 */
final class DocLinks {
    private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,})");
    private static final Pattern ATX = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern SETEXT = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");
    /** A code span: a run of backticks, then text up to the same run, never across a blank line. */
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)((?:(?!\\n[ \\t]*\\n).)+?)\\1", Pattern.DOTALL);
    /** The destination of an inline link or image: {@code ](dest)} or {@code ](dest "title")}. */
    private static final Pattern INLINE = Pattern.compile("\\]\\(\\s*(<[^>\\n]*>|[^)\\s]+)(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:[ \\t]*(\\S+)", Pattern.MULTILINE);
    private static final Pattern AUTOLINK = Pattern.compile("<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\\s]*)>");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private DocLinks() {
    }

    /** One link of one file. */
    record Link(Path file, int line, String target) {
    }

    /** A link that does not resolve, and why. */
    record Problem(Link link, String reason) {
        String describe(Path root) {
            return root.relativize(link.file()) + ":" + link.line() + ": " + link.target() + ": " + reason;
        }
    }

    /** What a check found: how many links it looked at, and those that do not resolve. */
    record Report(int linksChecked, List<Problem> problems) {
        Report {
            problems = List.copyOf(problems);
        }

        String describe(Path root) {
            StringBuilder s = new StringBuilder(problems.size() + " broken link(s) of " + linksChecked + ":");
            problems.forEach(p -> s.append("\n  ").append(p.describe(root)));
            return s.toString();
        }
    }

    /**
     * The repository's root: the first directory at or above {@code start} that holds {@code README.md} and a
     * {@code pom.xml} listing modules (a module's tests run in the module's directory).
     */
    static Path repoRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(pom) && read(pom).contains("<modules>")) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory at or above " + start + " holds README.md and the parent pom.xml");
    }

    /** The documents whose links are checked: README.md, CHANGELOG.md and every Markdown file under docs/. */
    static List<Path> documents(Path root) {
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("CHANGELOG.md")));
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> walk = Files.walk(docs)) {
                walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** Checks every link of {@code files}; targets must lie inside {@code root}. */
    static Report check(Path root, List<Path> files) {
        Path top = root.toAbsolutePath().normalize();
        Map<Path, Set<String>> anchorsByFile = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        int checked = 0;
        for (Path file : files) {
            Path f = file.toAbsolutePath().normalize();
            for (Link link : links(f, read(f))) {
                checked++;
                String reason = problem(top, link, anchorsByFile);
                if (reason != null) {
                    problems.add(new Problem(link, reason));
                }
            }
        }
        return new Report(checked, problems);
    }

    private static String problem(Path root, Link link, Map<Path, Set<String>> anchorsByFile) {
        String target = link.target();
        if (target.startsWith("<") && target.endsWith(">")) {
            target = target.substring(1, target.length() - 1);
        }
        if (target.isEmpty()) {
            return "empty link";
        }
        if (target.startsWith("//")) {
            return "a protocol-relative link: write https://";
        }
        if (SCHEME.matcher(target).find()) {
            return external(target);
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        if (path.startsWith("/")) {
            return "an absolute path: link relative to the file";
        }
        if (path.contains("?")) {
            return "a query string in a relative link";
        }
        Path resolved;
        if (path.isEmpty()) {
            resolved = link.file();
        } else {
            resolved = link.file().getParent().resolve(URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8))
                    .normalize();
            if (!resolved.startsWith(root)) {
                return "points outside the repository";
            }
            if (!Files.exists(resolved)) {
                return "no such file: " + root.relativize(resolved);
            }
        }
        if (anchor == null) {
            return null;
        }
        if (anchor.isEmpty()) {
            return "an empty anchor";
        }
        if (!resolved.getFileName().toString().endsWith(".md") || !Files.isRegularFile(resolved)) {
            return "an anchor into " + root.relativize(resolved) + ", which is not a Markdown file";
        }
        Set<String> anchors = anchorsByFile.computeIfAbsent(resolved, p -> anchors(read(p)));
        String wanted = URLDecoder.decode(anchor.replace("+", "%2B"), StandardCharsets.UTF_8);
        return anchors.contains(wanted) ? null : "no heading with the anchor #" + wanted + " in " + root.relativize(resolved);
    }

    private static String external(String target) {
        String scheme = target.substring(0, target.indexOf(':')).toLowerCase(Locale.ROOT);
        if (scheme.equals("mailto")) {
            return target.indexOf('@') > "mailto:".length() ? null : "a mailto: link without an address";
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "scheme " + scheme + ": only http and https links are allowed";
        }
        try {
            URI uri = new URI(target);
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                return "a URL without a host";
            }
            return null;
        } catch (URISyntaxException e) {
            return "not a well-formed URL: " + e.getReason();
        }
    }

    /** The links of one Markdown text, with their line numbers, outside code blocks and code spans. */
    static List<Link> links(Path file, String markdown) {
        String text = CODE_SPAN.matcher(withoutFences(markdown)).replaceAll(m -> blank(m.group()));
        List<Link> links = new ArrayList<>();
        for (Pattern p : List.of(INLINE, REFERENCE, AUTOLINK)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                links.add(new Link(file, lineOf(text, m.start(1)), m.group(1)));
            }
        }
        links.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return links;
    }

    /**
     * The anchors GitHub makes for a Markdown text: one slug per heading (ATX and setext, outside code blocks),
     * {@code -1}, {@code -2}, ... appended to repeated ones, and the names of {@code <a name=..>} or {@code id=..}.
     */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        String[] lines = withoutFences(markdown).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String heading = null;
            Matcher atx = ATX.matcher(lines[i]);
            if (atx.matches()) {
                heading = atx.group(2) == null ? "" : atx.group(2);
            } else if (i > 0 && SETEXT.matcher(lines[i]).matches() && isParagraphLine(lines[i - 1])) {
                heading = lines[i - 1].trim();
            }
            if (heading != null) {
                // github-slugger: a repeated slug gets the next free -1, -2, ...
                String slug = slug(heading);
                String unique = slug;
                while (seen.containsKey(unique)) {
                    int n = seen.merge(slug, 1, Integer::sum);
                    unique = slug + "-" + n;
                }
                seen.put(unique, 0);
                anchors.add(unique);
            }
        }
        Matcher html = HTML_ANCHOR.matcher(String.join("\n", lines));
        while (html.find()) {
            anchors.add(html.group(1));
        }
        return anchors;
    }

    /**
     * GitHub's slug of a heading's Markdown: its text as rendered (code spans without backticks, links and images
     * as their text, no {@code *} emphasis or HTML tags), lower case, without anything but letters, marks,
     * digits, connector punctuation ({@code _}), spaces and hyphens, each space a hyphen.
     */
    static String slug(String heading) {
        String text = heading
                .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replaceAll("<[^>]+>", "")
                .replace("`", "")
                .replace("*", "");
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
                .replace(' ', '-');
    }

    private static boolean isParagraphLine(String line) {
        String t = line.trim();
        return !t.isEmpty() && !t.startsWith("#") && !t.startsWith("|") && !t.startsWith(">")
                && !t.matches("([-*+]|\\d+[.)])(\\s.*)?") && !SETEXT.matcher(line).matches();
    }

    /** The text with every fenced code block's lines blanked, so line numbers stay. */
    private static String withoutFences(String markdown) {
        String[] lines = markdown.split("\n", -1);
        String open = null;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = FENCE.matcher(lines[i]);
            if (open == null) {
                if (m.find()) {
                    open = m.group(1);
                    lines[i] = "";
                }
            } else {
                if (m.find() && m.group(1).charAt(0) == open.charAt(0) && m.group(1).length() >= open.length()
                        && lines[i].trim().equals(m.group(1))) {
                    open = null;
                }
                lines[i] = "";
            }
        }
        return String.join("\n", lines);
    }

    private static String blank(String s) {
        return s.replaceAll("[^\\n]", " ");
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
