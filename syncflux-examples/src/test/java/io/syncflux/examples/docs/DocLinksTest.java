package io.syncflux.examples.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The project's documentation holds together: every relative link of README.md, CHANGELOG.md and docs/ names a
 * file that exists, every anchor names a heading of its target, every page of docs/ can be reached from the
 * README, and the README's two commands are the ones the repository runs. The checker itself is tested first on
 * small made-up repositories, so that a checker that finds nothing cannot pass for one that finds no problem.
 */
class DocLinksTest {
    private static final Path ROOT = DocLinks.repoRoot(Path.of(""));

    @TempDir
    Path repo;

    // ---- the project's documentation

    @Test
    void everyLinkAndAnchorOfTheDocsResolves() {
        List<Path> docs = DocLinks.documents(ROOT);
        assertThat(docs).contains(ROOT.resolve("README.md"), ROOT.resolve("CHANGELOG.md"),
                ROOT.resolve("docs/README.md"), ROOT.resolve("docs/cli.md"), ROOT.resolve("docs/config.md"));

        DocLinks.Report report = DocLinks.check(ROOT, docs);

        assertThat(report.problems()).as(report.describe(ROOT)).isEmpty();
        // the README and the docs link to each other dozens of times: a parser that saw none proves nothing
        assertThat(report.linksChecked()).isGreaterThan(50);
    }

    @Test
    void everyDocsPageCanBeReachedFromTheReadme() throws IOException {
        List<Path> pages = DocLinks.documents(ROOT).stream().filter(p -> p.startsWith(ROOT.resolve("docs"))).toList();
        assertThat(pages).hasSizeGreaterThanOrEqualTo(7);
        Set<Path> reached = new HashSet<>();
        Deque<Path> todo = new ArrayDeque<>(List.of(ROOT.resolve("README.md")));
        while (!todo.isEmpty()) {
            Path page = todo.pop();
            if (!reached.add(page)) {
                continue;
            }
            for (DocLinks.Link link : DocLinks.links(page, Files.readString(page, StandardCharsets.UTF_8))) {
                String target = link.target().replaceFirst("#.*", "");
                if (target.endsWith(".md") && !target.contains(":")) {
                    Path next = page.getParent().resolve(target).normalize();
                    if (Files.isRegularFile(next)) {
                        todo.push(next);
                    }
                }
            }
        }
        assertThat(reached).containsAll(pages);
    }

    @Test
    void theReadmesTwoCommandsAreTheQuickstartAndTheCiTestCommand() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int at = readme.indexOf("\n## The two commands\n");
        assertThat(at).as("README has the section \"The two commands\"").isPositive();
        int end = readme.indexOf("\n## ", at + 1);
        Matcher blocks = Pattern.compile("```bash\n(.*?)\n```", Pattern.DOTALL)
                .matcher(readme.substring(at, end < 0 ? readme.length() : end));
        assertThat(blocks.find()).isTrue();
        String quickstart = blocks.group(1);
        assertThat(blocks.find()).isTrue();
        String tests = blocks.group(1);

        assertThat(quickstart).isEqualTo("scripts/quickstart.sh");
        assertThat(ROOT.resolve(quickstart)).isRegularFile().isExecutable();
        // .ci/run says it runs "the README's test command": the same line, word for word
        assertThat(tests).isEqualTo("mvn -B verify");
        assertThat(Files.readAllLines(ROOT.resolve(".ci/run"), StandardCharsets.UTF_8)).contains(tests);
    }

    // ---- the checker, on made-up repositories

    @Test
    void reportsAFileThatDoesNotExist() throws IOException {
        write("README.md", "# R\n\nSee [the CLI](docs/cli.md) and [missing](docs/nope.md).\n");
        write("docs/cli.md", "# CLI\n");

        DocLinks.Report report = check("README.md");

        assertThat(report.linksChecked()).isEqualTo(2);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.link().target()).isEqualTo("docs/nope.md");
            assertThat(p.link().line()).isEqualTo(3);
            assertThat(p.reason()).isEqualTo("no such file: docs/nope.md");
        });
    }

    @Test
    void reportsAnAnchorNoHeadingHasInTheSameFile() throws IOException {
        write("README.md", "# R\n\n## Install it\n\n[ok](#install-it), [broken](#install)\n");

        assertThat(check("README.md").problems()).extracting(p -> p.link().target() + " " + p.reason())
                .containsExactly("#install no heading with the anchor #install in README.md");
    }

    @Test
    void reportsAnAnchorNoHeadingHasInAnotherFile() throws IOException {
        write("README.md", "# R\n\n[ok](docs/a.md#the-status-page) [broken](docs/a.md#status)\n");
        write("docs/a.md", "# A\n\n## The status page\n");

        assertThat(check("README.md").problems()).extracting(p -> p.link().target())
                .containsExactly("docs/a.md#status");
    }

    @Test
    void resolvesLinksRelativeToTheirFileAndNotPastTheRoot() throws IOException {
        write("README.md", "# R\n");
        write("conf/sample.toml", "x = 1\n");
        write("docs/a.md", "[up](../README.md#r) [conf](../conf/sample.toml) [dir](../conf) "
                + "[here](a.md) [wrong](conf/sample.toml) [out](../../elsewhere.md)\n");

        assertThat(check("docs/a.md").problems()).extracting(p -> p.link().target() + ": " + p.reason())
                .containsExactly("conf/sample.toml: no such file: docs/conf/sample.toml",
                        "../../elsewhere.md: points outside the repository");
    }

    @Test
    void ignoresLinksInCodeBlocksAndCodeSpans() throws IOException {
        write("README.md", """
                # R

                ```bash
                echo "[not a link](nowhere.md)"
                ```

                ~~~
                [nor this](nowhere.md#x)
                ~~~

                `[nor](this.md)` and ``a `[tricky](one.md)` span``
                """);

        DocLinks.Report report = check("README.md");

        assertThat(report.linksChecked()).isZero();
        assertThat(report.problems()).isEmpty();
    }

    @Test
    void checksExternalLinksAreWellFormedWithoutFetchingThem() throws IOException {
        write("README.md", "[a](https://example.com/x#frag) [b](http://localhost:4090/) [c](https://) "
                + "[d](ftp://example.com/f) <https://example.com/auto> [e](mailto:someone@example.com) "
                + "[f](https://exa mple.com)\n");

        DocLinks.Report report = check("README.md");

        // "[f](https://exa mple.com)" is no link in Markdown (a space ends it): only six are
        assertThat(report.linksChecked()).isEqualTo(6);
        assertThat(report.problems()).extracting(p -> p.link().target() + ": " + p.reason())
                .containsExactly("https://: not a well-formed URL: Expected authority",
                        "ftp://example.com/f: scheme ftp: only http and https links are allowed");
    }

    @Test
    void anchorsFollowGithubsSlugsIncludingRepeatedHeadings() {
        assertThat(DocLinks.anchors("""
                # SyncFlux
                ## `[General]`
                ## Logging: bring your own binding
                ### What is exact about a copy?
                ## Examples
                ## Examples
                ## Examples
                Setext heading
                --------------
                ```
                # not a heading
                ```
                <a name="custom"></a>
                """)).containsExactly("syncflux", "general", "logging-bring-your-own-binding",
                "what-is-exact-about-a-copy", "examples", "examples-1", "examples-2", "setext-heading", "custom");
        assertThat(DocLinks.slug("Copy data and schema")).isEqualTo("copy-data-and-schema");
        assertThat(DocLinks.slug("[[influxdb]] and **TLS** for `sync_mode`")).isEqualTo("influxdb-and-tls-for-sync_mode");
        assertThat(DocLinks.slug("Verify, repair and anti-entropy")).isEqualTo("verify-repair-and-anti-entropy");
    }

    @Test
    void anAnchorIntoAFileThatIsNotMarkdownIsReported() throws IOException {
        write("README.md", "[line](conf/x.toml#L3)\n");
        write("conf/x.toml", "a = 1\n");

        assertThat(check("README.md").problems()).extracting(DocLinks.Problem::reason)
                .containsExactly("an anchor into conf/x.toml, which is not a Markdown file");
    }

    @Test
    void findsTheRepositoryRootFromAModuleDirectory() throws IOException {
        write("pom.xml", "<project><modules><module>m</module></modules></project>\n");
        write("README.md", "# R\n");
        write("m/pom.xml", "<project></project>\n");
        write("m/README.md", "# a module's own README\n");

        assertThat(DocLinks.repoRoot(repo.resolve("m"))).isEqualTo(repo.toAbsolutePath().normalize());
        assertThat(DocLinks.repoRoot(repo.resolve("m/src/test"))).isEqualTo(repo.toAbsolutePath().normalize());
        assertThatThrownBy(() -> DocLinks.repoRoot(Path.of("/"))).isInstanceOf(IllegalStateException.class);
    }

    private DocLinks.Report check(String file) {
        Path root = repo.toAbsolutePath().normalize();
        return DocLinks.check(root, List.of(root.resolve(file)));
    }

    private void write(String name, String text) throws IOException {
        Path file = repo.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
