package io.syncflux.server;

import io.syncflux.core.event.ClusterState;
import io.syncflux.core.testing.Fixtures;
import io.syncflux.core.testing.Influxd;
import io.syncflux.core.testing.InfluxdExtension;
import io.syncflux.core.testing.Points;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page in a real browser (Debian's headless {@code chromium} through its {@code chromedriver};
 * nothing is downloaded) on a real daemon watching two real influxd nodes, through an outage: the slave is
 * killed, points are written to the master alone, the slave is started again and recovered. At each step
 * the page, refreshing itself, must show what happened; the recover action must be refused without the
 * admin login and queued with it. Screenshots go to {@code target/status-page/}.
 */
class StatusPageBrowserIT {
    @RegisterExtension
    static final InfluxdExtension INFLUX = InfluxdExtension.nodes("influx01", "influx02");

    static final String DB = "relay";
    static final Path SHOTS = Path.of("target", "status-page");
    static final Duration STEP = Duration.ofSeconds(30);

    SyncfluxServer server;
    Influxd master;
    Influxd slave;
    ChromeDriverService service;
    ChromeDriver browser;
    Path profile;

    @BeforeEach
    void start() throws IOException {
        master = INFLUX.node(0);
        slave = INFLUX.node(1);
        for (Influxd n : List.of(master, slave)) {
            n.query("CREATE DATABASE " + DB);
        }
        // a recovery slow enough (about 3 s, in writes of 500 points) to be seen running
        server = SyncfluxServer.builder().config(TestServers.config(INFLUX, "max-points-per-second = 2000",
                "max-points-on-single-write = 500"))
                .build().start();
        Fixtures.await("cluster OK", Duration.ofSeconds(20),
                () -> server.monitor().status().clusterState() == ClusterState.OK);
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(), "chromium-");
        browser = browser();
    }

    /** Debian's chromium and chromedriver, with no network of their own and a fresh profile. */
    private ChromeDriver browser() {
        File driver = new File(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
        File chromium = new File(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        assertThat(driver.canExecute()).as(driver + " (apt-get install chromium-driver; .ci/run installs it)").isTrue();
        assertThat(chromium.canExecute()).as(chromium + " (apt-get install chromium; .ci/run installs it)").isTrue();
        // the driver's path given explicitly: Selenium Manager never runs, nothing is downloaded
        service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream()).build();
        ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                "--user-data-dir=" + profile, "--window-size=1280,1500");
        ChromeDriver d = new ChromeDriver(service, options);
        d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(10)).scriptTimeout(Duration.ofSeconds(10));
        return d;
    }

    @AfterEach
    void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (server != null) {
            server.stop();
        }
        slave.resume();
        master.resume();
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void showsAnOutageAndItsRecoveryAndAsksForTheLoginToAct() {
        browser.get(TestServers.url(server, "/"));

        // 1. both nodes answer
        assertThat(state()).isEqualTo("OK");
        assertThat(text("#explanation")).isEqualTo("Both nodes answer and the slave owes no data.");
        awaitPage("both nodes checked",
                () -> nodeCell("influx01", 2).equals("up") && nodeCell("influx02", 2).equals("up"));
        for (String node : List.of("influx01", "influx02")) {
            assertThat(nodeCell(node, 4)).as("latency of " + node).matches("\\d+ ms|\\d+ s");
            assertThat(nodeCell(node, 5)).as("version of " + node).matches("\\d+\\.\\d+\\.\\d+.*");
            assertThat(nodeCell(node, 3)).as("last check of " + node).matches("\\d\\d:\\d\\d:\\d\\d");
            assertThat(nodeCell(node, 6)).as("uptime of " + node).matches("\\d+ (ms|s|min|h|d)\\b.*");
        }
        assertThat(nodeCell("influx01", 1)).isEqualTo("master");
        assertThat(text("#pending")).isEqualTo("No window owed.");
        assertThat(text("#recovery")).isEqualTo("No recovery running.");
        assertThat(browser.findElements(By.cssSelector("#timeline svg rect.seg.state-OK"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#timeline svg rect.seg.node-down"))).isEmpty();
        shot("1-ok");

        // 2. the slave goes down: the page, not reloaded, follows
        long killedAt = Instant.now().toEpochMilli() * 1_000_000L;
        slave.kill();
        awaitPage("CHECK_SLAVE_DOWN on the page", () -> state().equals("CHECK_SLAVE_DOWN"));
        awaitPage("the slave's row says down", () -> nodeCell("influx02", 2).startsWith("down"));
        assertThat(nodeCell("influx01", 2)).isEqualTo("up");
        assertThat(text("#explanation")).startsWith("The slave influx02 does not answer");
        assertThat(browser.findElements(By.cssSelector("#timeline rect.node-down[data-lane='node influx02']")))
                .isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#timeline rect.node-down[data-lane='node influx01']")))
                .isEmpty();
        assertThat(browser.findElements(By.cssSelector("#timeline rect.state-CHECK_SLAVE_DOWN"))).isNotEmpty();
        assertThat(text("#log")).contains("influx02 does not answer").contains("cluster CHECK_SLAVE_DOWN");

        // 3. points written to the master alone, as the relay does during the outage
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        int points = 6000;
        long step = Math.max(1, (now - killedAt) / points);
        Points.of("cpu").tag("host", "h", 10).from(killedAt, step).write(master, DB, points);
        shot("2-slave-down");

        // 4. the slave is back: the page shows the recovery running, then done and checked
        slave.start();
        awaitPage("RECOVERING on the page", () -> {
            browser.navigate().refresh();
            return state().equals("RECOVERING");
        });
        assertThat(text("#pending")).contains("recovering now");
        assertThat(text("#recovery")).contains("Points copied").contains("points/s").contains("Time left");
        // the copy's plan and its written points reach the page while it runs (about 3 s at 2,000 points/s)
        awaitPage("points copied while recovering", () -> {
            browser.navigate().refresh();
            assertThat(state()).as("still recovering").isEqualTo("RECOVERING");
            return Long.parseLong(text("#recovery-points").replace(",", "")) > 0;
        });
        assertThat(text("#recovery")).containsPattern("Units copied: \\d+ of \\d+");
        assertThat(Long.parseLong(text("#recovery-points").replace(",", ""))).isBetween(1L, (long) points);
        assertThat(browser.findElements(By.cssSelector("#timeline rect.recovery-running"))).isNotEmpty();
        shot("3-recovering");
        awaitPage("OK after the recovery", () -> state().equals("OK"));
        awaitPage("the check after the recovery listed", () -> !browser.findElements(
                By.cssSelector("#checks tr[data-check='recovery']")).isEmpty());
        String verdict = text("#checks tr[data-check='recovery'] td.verdict");
        assertThat(verdict).isIn("identical", "repaired");
        assertThat(text("#pending")).isEqualTo("No window owed.");
        assertThat(text("#log")).containsPattern("recovery of .* done: \\d+ points copied");
        assertThat(browser.findElements(By.cssSelector("#timeline rect.recovery-ok"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#timeline circle.check-" + verdict))).isNotEmpty();
        assertThat(nodeCell("influx02", 2)).isEqualTo("up");
        assertThat(slave.query(DB, "SELECT count(v) FROM cpu")).contains("," + points + "]");
        // the whole page in one picture (docs/status-page.png is this one)
        browser.manage().window().setSize(new Dimension(1280, 2050));
        shot("4-recovered");
        browser.manage().window().setSize(new Dimension(1280, 1500));

        // 5. the recover action: refused without the login, and with a wrong one; queued with it
        int recovers = server.monitor().status().numRecovers();
        field("start").clear();
        field("start").sendKeys("-10m");
        browser.findElement(By.id("recover-button")).click();
        awaitPage("refused without login", () -> text("#action-result").startsWith("Login required"));
        field("user").sendKeys(TestServers.ADMIN);
        field("password").sendKeys("wrong");
        browser.findElement(By.id("recover-button")).click();
        awaitPage("refused with a wrong password", () -> text("#action-result").startsWith("Login refused"));
        assertThat(server.monitor().status().pending()).as("nothing queued without the login").isEmpty();
        assertThat(server.monitor().status().numRecovers()).isEqualTo(recovers);
        field("password").clear();
        field("password").sendKeys(TestServers.PASSWORD);
        browser.findElement(By.id("recover-button")).click();
        awaitPage("queued with the login", () -> text("#action-result").startsWith("Recovery of "));
        assertThat(text("#action-result")).contains("queued");
        Fixtures.await("the requested recovery ran", STEP,
                () -> server.monitor().status().numRecovers() == recovers + 1);
        awaitPage("the requested recovery in the log", () -> text("#log").split("done: ", -1).length - 1 >= 2);
        assertThat(field("password").getAttribute("value")).as("the login stays in the form only").isNotEmpty();
        assertThat(browser.getPageSource()).doesNotContain(TestServers.PASSWORD);
        shot("5-recover-action");

        // 6. a hung node: the page still answers at once, from the monitor's memory
        master.pause();
        try {
            Fixtures.sleep(500);
            long t0 = System.nanoTime();
            browser.navigate().refresh();
            assertThat(state()).isNotEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("page load while the master hangs")
                    .isLessThan(Duration.ofSeconds(5));
        } finally {
            master.resume();
        }

        // 7. a phone: no sideways scrolling of the page, the actions reachable
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.navigate().refresh();
        Object overflow = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).as("page wider than the phone screen").isLessThanOrEqualTo(0);
        WebElement recover = browser.findElement(By.id("recover-button"));
        assertThat(recover.getSize().getHeight()).as("touch target height").isGreaterThanOrEqualTo(44);
        shot("6-phone");

        // accessible: each field has a label, the actions are buttons, nothing loaded from elsewhere
        for (WebElement input : browser.findElements(By.cssSelector("#action-form input"))) {
            String id = input.getAttribute("id");
            assertThat(browser.findElements(By.cssSelector("label[for='" + id + "']"))).as("label of " + id)
                    .hasSize(1);
        }
        assertThat(recover.getTagName()).isEqualTo("button");
        Object foreign = ((JavascriptExecutor) browser).executeScript("return performance.getEntriesByType('resource')"
                + ".map(function (e) { return e.name; })"
                + ".filter(function (n) { return n.indexOf(location.origin) !== 0; });");
        assertThat((List<?>) foreign).as("resources from elsewhere").isEmpty();
    }

    private String state() {
        return browser.findElement(By.id("cluster-state")).getAttribute("data-state");
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().strip();
    }

    private WebElement field(String id) {
        return browser.findElement(By.id(id));
    }

    /** The text of a cell of a node's row: 1 role, 2 state, 3 last check, 4 latency, 5 version, 6 uptime. */
    private String nodeCell(String node, int column) {
        return browser.findElement(By.cssSelector("#nodes tr[data-node='" + node + "'] td:nth-of-type(" + column + ")"))
                .getText().strip();
    }

    /** Waits for the page (refreshing itself every few seconds) to show something. */
    private void awaitPage(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, STEP, Duration.ofMillis(200)).withMessage(what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(d -> condition.getAsBoolean());
    }

    private void shot(String name) {
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
        try {
            Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
