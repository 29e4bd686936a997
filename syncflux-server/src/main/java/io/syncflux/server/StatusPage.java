package io.syncflux.server;

import io.syncflux.core.report.VerifyStatus;

import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.influx.NodeHealth;
import io.syncflux.core.journal.RejectedRange;
import io.syncflux.core.monitor.HaStatus;
import io.syncflux.core.report.AntiEntropyResult;
import io.syncflux.core.report.LastVerify;
import io.syncflux.server.StatusHistory.Event;
import io.syncflux.server.StatusHistory.Kind;
import io.syncflux.server.StatusHistory.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The status page ({@code GET /} and {@code /status}): one HTML document rendered from memory only (the
 * monitor's {@link HaStatus}, the {@link StatusHistory} and the last verify asked over HTTP), so that it
 * answers at once when a node hangs or the daemon is busy. Its script ({@value #SCRIPT}) reloads the live part
 * every few seconds and posts the recover and verify actions to {@code /api/action/*} with the admin login the
 * operator types (the page holds no credential); its style is {@value #STYLE}. Both ship in the jar; the page
 * loads nothing from elsewhere (its Content-Security-Policy says so).
 */
final class StatusPage {
    static final String SCRIPT = "/status/status.js";
    static final String STYLE = "/status/status.css";
    /** The page's headers: no script or style from elsewhere, no framing, no caching. */
    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                    + " connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store");
    /** Seconds between refreshes. */
    static final int REFRESH_SECONDS = 5;
    /** Events listed in the event log. */
    static final int LOG_EVENTS = 30;

    private final String name;
    private final Supplier<HaStatus> status;
    private final StatusHistory history;
    private final Supplier<VerifyStatus> verify;
    private final java.time.Clock clock;
    private final ZoneId zone;
    private final String script = resource("status.js");
    private final String style = resource("status.css");

    StatusPage(String name, Supplier<HaStatus> status, StatusHistory history, Supplier<VerifyStatus> verify,
               java.time.Clock clock, ZoneId zone) {
        this.name = name;
        this.status = status;
        this.history = history;
        this.verify = verify;
        this.clock = clock;
        this.zone = zone;
    }

    private static String resource(String file) {
        try (InputStream in = StatusPage.class.getResourceAsStream("status/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/syncflux/server/status/" + file);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script, or the style, by path; null for any other path. */
    String asset(String path) {
        return path.equals(SCRIPT) ? script : path.equals(STYLE) ? style : null;
    }

    /** The content type of an {@link #asset}. */
    static String assetType(String path) {
        return path.equals(SCRIPT) ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    }

    /** The whole page, now. */
    String html() {
        return html(status.get(), history.snapshot(), verify.get(), clock.instant());
    }

    String html(HaStatus s, StatusHistory.Snapshot h, VerifyStatus v, Instant now) {
        StringBuilder b = new StringBuilder(16 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(Html.esc(s.clusterState().name() + " · SyncFlux " + name)).append("</title>")
                .append("<link rel=\"stylesheet\" href=\"").append(STYLE).append("\">")
                .append("<script src=\"").append(SCRIPT).append("\" defer></script>")
                .append("<noscript><meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS * 2)
                .append("\"></noscript></head>\n<body>");
        b.append("<header><h1>SyncFlux <span class=\"pair\">").append(Html.esc(s.masterName())).append(" → ")
                .append(Html.esc(s.slaveName())).append("</span></h1><p class=\"meta\">").append(Html.esc(name))
                .append(" · times in ").append(Html.esc(zone.getId()))
                .append(" · <span id=\"updated\" data-refresh=\"")
                .append(REFRESH_SECONDS).append("\">updated ").append(Html.time(now, now, zone))
                .append("</span></p></header>\n<main>");
        b.append("<div id=\"live\">");
        summary(b, s, h, now);
        nodes(b, s, h, now);
        b.append("<section aria-labelledby=\"h-timeline\"><h2 id=\"h-timeline\">Timeline</h2>")
                .append("<div id=\"timeline\"><h3>Last 24 hours</h3>")
                .append(Timeline.svg(h, s.masterName(), s.slaveName(), now, zone, Timeline.DAY, "tl-day"))
                .append("<h3>Last hour</h3>")
                .append(Timeline.svg(h, s.masterName(), s.slaveName(), now, zone, Timeline.HOUR, "tl-hour"))
                .append("</div>");
        legend(b);
        b.append("</section>");
        recovery(b, s, h, now);
        checks(b, h, v, now);
        rejected(b, s, now);
        log(b, h, now);
        b.append("</div>");
        actions(b);
        b.append("</main></body></html>\n");
        return b.toString();
    }

    private void summary(StringBuilder b, HaStatus s, StatusHistory.Snapshot h, Instant now) {
        ClusterState c = s.clusterState();
        b.append("<section id=\"summary\" aria-labelledby=\"h-summary\">")
                .append("<h2 id=\"h-summary\" class=\"visually-hidden\">")
                .append("Cluster state</h2><p class=\"headline\"><span id=\"cluster-state\" class=\"badge state-")
                .append(c.name()).append("\" data-state=\"").append(c.name()).append("\">").append(c.name())
                .append("</span> <span id=\"explanation\">").append(explain(s, h, now)).append("</span></p>");
        if (!s.owing().isEmpty()) {
            b.append("<p class=\"warn\" id=\"owing\">Data incomplete on ").append(Html.esc(String.join(", ",
                    s.owing().stream().sorted().toList()))).append(" until the owed windows below are recovered;")
                    .append(" queries go to ").append(Html.esc(String.join(", ", s.activeNodes()))).append(".</p>");
        }
        if (s.journalProblem() != null) {
            b.append("<p class=\"warn\" id=\"journal-problem\">Recovery journal: ").append(Html.esc(s.journalProblem()))
                    .append("</p>");
        }
        if (!s.rejected().isEmpty()) {
            b.append("<p class=\"warn\">").append(s.rejected().size())
                    .append(" range(s) refused by a node for good: see ")
                    .append("<a href=\"#h-rejected\">Rejected ranges</a>.</p>");
        }
        b.append("</section>");
    }

    /** One sentence (HTML) saying what the state means for the operator. */
    private String explain(HaStatus s, StatusHistory.Snapshot h, Instant now) {
        return switch (s.clusterState()) {
            case STARTING -> "Waiting for both nodes to answer, then running the initial replication.";
            case OK -> "Both nodes answer and the slave owes no data.";
            case CHECK_SLAVE_DOWN -> "The slave " + Html.esc(s.slaveName()) + " does not answer"
                    + since(s.slaveLastOk(), now) + ": the writes it misses are owed and will be copied when it"
                    + " answers again.";
            case CHECK_MASTER_DOWN -> "The master " + Html.esc(s.masterName()) + " does not answer"
                    + since(s.masterLastOk(), now) + ": the writes it misses are owed and will be copied when it"
                    + " answers again.";
            case CHECK_BOTH_DOWN -> "Neither node answers: nothing can be copied; both windows are kept.";
            case RECOVERING -> h.recovery() == null ? "Copying the data a node missed."
                    : "Copying the data missed from " + Html.time(h.recovery().window().start(), now, zone) + " to "
                    + Html.time(h.recovery().window().end(), now, zone) + ".";
        };
    }

    private static String since(Instant lastOk, Instant now) {
        return lastOk == null ? "" : " (last good check " + Html.duration(Duration.between(lastOk, now)) + " ago)";
    }

    private void nodes(StringBuilder b, HaStatus s, StatusHistory.Snapshot h, Instant now) {
        b.append("<section aria-labelledby=\"h-nodes\"><h2 id=\"h-nodes\">Nodes</h2><div class=\"scroll\">")
                .append("<table id=\"nodes\"><thead><tr><th scope=\"col\">Node</th><th scope=\"col\">Role</th>")
                .append("<th scope=\"col\">State</th><th scope=\"col\">Last check</th><th scope=\"col\">Latency</th>")
                .append("<th scope=\"col\">Version</th><th scope=\"col\">Uptime</th><th scope=\"col\">Last good check")
                .append("</th></tr></thead><tbody>");
        node(b, s.masterName(), "master", s.masterOk(), s.masterLastOk(), h.nodes().get(s.masterName()), now);
        node(b, s.slaveName(), "slave", s.slaveOk(), s.slaveLastOk(), h.nodes().get(s.slaveName()), now);
        b.append("</tbody></table></div></section>");
    }

    private void node(StringBuilder b, String node, String role, boolean ok, Instant lastOk, NodeHealth last,
                      Instant now) {
        String state = last == null ? "not checked yet" : ok ? "up" : "down";
        b.append("<tr data-node=\"").append(Html.esc(node)).append("\"><th scope=\"row\">").append(Html.esc(node))
                .append("</th><td>").append(role).append("</td><td class=\"node-state ")
                .append(last == null ? "unknown" : ok ? "up" : "down").append("\">").append(state);
        if (last != null && !last.ok() && last.error() != null && !last.error().isEmpty()) {
            b.append("<br><small>").append(Html.esc(last.error())).append("</small>");
        }
        b.append("</td><td>").append(last == null ? "—" : Html.time(last.checkedAt(), now, zone)).append("</td><td>")
                .append(last == null ? "—" : Html.duration(last.latency())).append("</td><td>")
                .append(last == null || last.version() == null || last.version().isEmpty() ? "—"
                        : Html.esc(last.version()))
                .append("</td><td>").append(uptime(last, now)).append("</td><td>").append(Html.time(lastOk, now, zone))
                .append("</td></tr>");
    }

    /** How long the node's server process has run, from its identity ({@code PID@started}); "—" when unknown. */
    static String uptime(NodeHealth h, Instant now) {
        if (h == null || !h.ok() || h.instance() == null) {
            return "—";
        }
        Instant started = startTime(h.instance().substring(h.instance().indexOf('@') + 1).trim());
        return started == null ? "—" : Html.esc(Html.duration(Duration.between(started, now)));
    }

    /**
     * The start time of a server process as the node's diagnostics give it: RFC 3339, Go's
     * {@code 2006-01-02 15:04:05.999999999 -0700 MST}, or epoch nanoseconds; null when none of these.
     */
    static Instant startTime(String text) {
        try {
            if (text.matches("\\d{12,}")) {
                return Instant.ofEpochSecond(0, Long.parseLong(text));
            }
            java.util.regex.Matcher go = GO_TIME.matcher(text);
            if (go.matches()) {
                String offset = go.group(3).substring(0, 3) + ":" + go.group(3).substring(3);
                return OffsetDateTime.parse(go.group(1) + "T" + go.group(2) + offset).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    private static final java.util.regex.Pattern GO_TIME = java.util.regex.Pattern.compile(
            "(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?) ([+-]\\d{4})(?: \\S+)?(?: m=.*)?");

    private static void legend(StringBuilder b) {
        b.append("<ul class=\"legend\" aria-label=\"Legend\">")
                .append("<li><span class=\"key state-OK\"></span>OK / answers</li>")
                .append("<li><span class=\"key node-down\"></span>down</li>")
                .append("<li><span class=\"key state-RECOVERING\"></span>recovering</li>")
                .append("<li><span class=\"key state-STARTING\"></span>starting</li>")
                .append("<li><span class=\"key unknown\"></span>no record</li>")
                .append("<li><span class=\"key dot check-identical\"></span>check: identical or repaired</li>")
                .append("<li><span class=\"key dot check-differs\"></span>check: differs</li>")
                .append("</ul>");
    }

    private void recovery(StringBuilder b, HaStatus s, StatusHistory.Snapshot h, Instant now) {
        b.append("<section aria-labelledby=\"h-recovery\"><h2 id=\"h-recovery\">Owed windows and recovery</h2>");
        Progress p = h.recovery();
        if (s.pending().isEmpty()) {
            b.append("<p id=\"pending\" class=\"empty\">No window owed.</p>");
        } else {
            b.append("<ul id=\"pending\">");
            for (TimeWindow w : s.pending()) {
                boolean running = p != null && p.window().equals(w);
                b.append("<li").append(running ? " class=\"running\"" : "").append(">")
                        .append(Html.time(w.start(), now, zone)).append(" to ").append(Html.time(w.end(), now, zone))
                        .append(" (").append(Html.duration(Duration.between(w.start(), w.end()))).append(")")
                        .append(running ? " — recovering now" : "").append("</li>");
            }
            b.append("</ul>");
        }
        if (p == null) {
            b.append("<p id=\"recovery\" class=\"empty\">No recovery running.</p>");
        } else {
            Duration eta = p.eta(now);
            b.append("<div id=\"recovery\" class=\"running\"><p>Recovering ")
                    .append(Html.time(p.window().start(), now, zone))
                    .append(" to ").append(Html.time(p.window().end(), now, zone)).append(", started ")
                    .append(Html.time(p.startedAt(), now, zone)).append("</p>");
            b.append("<label for=\"recovery-progress\">Units copied: ").append(p.unitsDone()).append(" of ")
                    .append(p.unitsPlanned() == 0 ? "?" : String.valueOf(p.unitsPlanned())).append("</label> ")
                    .append("<progress id=\"recovery-progress\" max=\"").append(Math.max(1, p.unitsPlanned()))
                    .append("\" value=\"").append(p.unitsDone()).append("\"></progress>");
            b.append("<dl class=\"figures\"><dt>Points copied</dt><dd id=\"recovery-points\">")
                    .append(Html.count(p.points())).append("</dd><dt>Rate</dt><dd>").append(Html.count(p.rate(now)))
                    .append(" points/s</dd><dt>Time left</dt><dd id=\"recovery-eta\">")
                    .append(eta == null ? "estimating" : p.unitsDone() >= p.unitsPlanned()
                            ? "copy done, checking by content" : "about " + Html.duration(eta))
                    .append("</dd>").append(p.unitsFailed() > 0 ? "<dt>Units failed</dt><dd>" + p.unitsFailed()
                            + "</dd>" : "").append("</dl></div>");
        }
        b.append("<p class=\"meta\">").append(s.numRecovers()).append(" recovery(ies) since start, ")
                .append(Html.count(s.pointsRecovered())).append(" points recovered");
        if (s.numRecovers() > 0) {
            b.append("; the last took ").append(Html.duration(s.lastRecoverDuration()));
        }
        b.append(".</p></section>");
    }

    private void checks(StringBuilder b, StatusHistory.Snapshot h, VerifyStatus v, Instant now) {
        b.append("<section aria-labelledby=\"h-checks\"><h2 id=\"h-checks\">Checks by content</h2>");
        if (h.checks().isEmpty() && v.phase() == VerifyStatus.Phase.IDLE) {
            b.append("<p id=\"checks\" class=\"empty\">No check since the daemon started.</p></section>");
            return;
        }
        b.append("<div class=\"scroll\"><table id=\"checks\"><thead><tr><th scope=\"col\">When</th>")
                .append("<th scope=\"col\">Check</th><th scope=\"col\">Window</th><th scope=\"col\">Verdict</th>")
                .append("<th scope=\"col\">Differing chunks</th><th scope=\"col\">Repaired</th></tr></thead><tbody>");
        if (v.phase() != VerifyStatus.Phase.IDLE) {
            String verdict = switch (v.phase()) {
                case RUNNING -> "running";
                case FAILED -> "failed";
                default -> v.report().identical() ? "identical" : v.report().consistent() ? "repaired" : "differs";
            };
            b.append("<tr data-check=\"api\"><td>").append(Html.time(v.finishedAt() != null ? v.finishedAt()
                    : v.startedAt(), now, zone)).append("</td><td>requested over HTTP").append(v.repair()
                    ? " (repair)" : "").append("</td><td>").append(window(v.window(), now)).append("</td>");
            verdictCell(b, verdict, v.error());
            b.append("<td>").append(v.report() == null ? "—" : String.valueOf(v.report().differences().size()))
                    .append("</td><td>").append(v.report() == null || v.report().repair() == null ? "—"
                            : Html.count(v.report().repair().pointsWritten()) + " points").append("</td></tr>");
        }
        for (Event e : h.checks()) {
            String verdict = Timeline.verdict(e);
            b.append("<tr data-check=\"").append(e.kind() == Kind.VERIFIED ? Html.esc(e.verify().reason().key())
                    : "background").append("\"><td>").append(Html.time(e.at(), now, zone)).append("</td><td>")
                    .append(Html.esc(Timeline.label(e))).append("</td><td>").append(window(e.window(), now))
                    .append("</td>");
            if (e.kind() == Kind.VERIFIED) {
                LastVerify lv = e.verify();
                verdictCell(b, verdict, lv.error());
                b.append("<td>").append(lv.differingChunks()).append("</td><td>").append(lv.repaired() ? "yes" : "no")
                        .append("</td></tr>");
            } else {
                AntiEntropyResult r = e.antiEntropy();
                verdictCell(b, verdict, r.error());
                b.append("<td>").append(r.differingChunks()).append("</td><td>").append(Html.count(r.pointsRepaired()))
                        .append(" points</td></tr>");
            }
        }
        b.append("</tbody></table></div></section>");
    }

    private static void verdictCell(StringBuilder b, String verdict, String error) {
        b.append("<td class=\"verdict verdict-").append(Html.esc(verdict)).append("\">").append(Html.esc(verdict));
        if (error != null) {
            b.append("<br><small>").append(Html.esc(error)).append("</small>");
        }
        b.append("</td>");
    }

    private String window(TimeWindow w, Instant now) {
        return w == null ? "—" : Html.time(w.start(), now, zone) + " to " + Html.time(w.end(), now, zone);
    }

    private void rejected(StringBuilder b, HaStatus s, Instant now) {
        b.append("<section aria-labelledby=\"h-rejected\"><h2 id=\"h-rejected\">Rejected ranges</h2>");
        List<RejectedRange> rs = s.rejected();
        if (rs.isEmpty()) {
            b.append("<p id=\"rejected\" class=\"empty\">None: no node refused a recovered range.</p></section>");
            return;
        }
        b.append("<div class=\"scroll\"><table id=\"rejected\"><thead><tr><th scope=\"col\">Node</th>")
                .append("<th scope=\"col\">Measurement</th><th scope=\"col\">Window</th><th scope=\"col\">Reason</th>")
                .append("<th scope=\"col\">When</th></tr></thead><tbody>");
        for (RejectedRange r : rs) {
            b.append("<tr><td>").append(Html.esc(r.to())).append("</td><td>")
                    .append(Html.esc(r.db() + "." + r.rp() + "." + r.measurement())).append("</td><td>")
                    .append(window(new TimeWindow(r.start(), r.end()), now)).append("</td><td>")
                    .append(Html.esc(r.reason())).append("</td><td>").append(Html.time(r.at(), now, zone))
                    .append("</td></tr>");
        }
        b.append("</tbody></table></div></section>");
    }

    private void log(StringBuilder b, StatusHistory.Snapshot h, Instant now) {
        b.append("<section aria-labelledby=\"h-log\"><h2 id=\"h-log\">Event log</h2><ul id=\"log\">");
        List<Event> events = h.events();
        for (int i = events.size() - 1; i >= 0 && i >= events.size() - LOG_EVENTS; i--) {
            Event e = events.get(i);
            b.append("<li>").append(Html.time(e.at(), now, zone)).append(" ").append(Html.esc(describe(e, zone)))
                    .append("</li>");
        }
        b.append("</ul></section>");
    }

    private static String describe(Event e, ZoneId zone) {
        return switch (e.kind()) {
            case STATE -> "cluster " + e.state().name();
            case NODE -> e.node() + (e.ok() ? " answers" : " does not answer" + (e.text() == null ? ""
                    : ": " + e.text()));
            case RESTART -> e.node() + " restarted between two checks";
            case RECOVERY_STARTED -> "recovery of " + Html.span(e.window(), zone) + " started";
            case RECOVERY_FINISHED -> "recovery of " + Html.span(e.window(), zone) + (e.ok()
                    ? " done: " + e.points() + " points copied"
                    : " failed: " + e.text());
            case VERIFIED, ANTI_ENTROPY -> Timeline.label(e) + " of " + Html.span(e.window(), zone) + ": "
                    + Timeline.verdict(e);
        };
    }

    private static void actions(StringBuilder b) {
        b.append("<section id=\"actions\" aria-labelledby=\"h-actions\"><h2 id=\"h-actions\">Actions</h2>")
                .append("<form id=\"action-form\" novalidate><p class=\"meta\" id=\"action-hint\">Recover copies a ")
                .append("window from the master to the slave; verify compares it by content. Both need the admin ")
                .append("login ([http] admin-user and admin-passwd), sent with this request only.</p>")
                .append("<div class=\"fields\"><div><label for=\"start\">Start</label>")
                .append("<input id=\"start\" name=\"start\" value=\"-1h\" required")
                .append(" aria-describedby=\"time-hint\"></div>")
                .append("<div><label for=\"end\">End</label><input id=\"end\" name=\"end\" value=\"now\"")
                .append(" aria-describedby=\"time-hint\"></div>")
                .append("<p id=\"time-hint\" class=\"meta\">now, unix seconds, -10h or RFC3339")
                .append(" (2019-04-06T09:45:05Z)</p>")
                .append("<div><label for=\"user\">Admin user</label><input id=\"user\" name=\"user\"")
                .append(" autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\"></div>")
                .append("<div><label for=\"password\">Password</label><input id=\"password\" name=\"password\"")
                .append(" type=\"password\" autocomplete=\"current-password\"></div>")
                .append("<div class=\"check\"><input id=\"repair\" name=\"repair\" type=\"checkbox\">")
                .append("<label for=\"repair\">Repair what differs (verify)</label></div></div>")
                .append("<div class=\"buttons\"><button type=\"submit\" id=\"recover-button\" value=\"recover\">")
                .append("Recover window</button><button type=\"submit\" id=\"verify-button\" value=\"verify\">")
                .append("Verify window</button></div>")
                .append("<p id=\"action-result\" role=\"status\" aria-live=\"polite\"></p></form>")
                .append("<noscript><p>Actions need JavaScript. Without it, use the HTTP API with the admin login:")
                .append(" <code>POST /api/action/recover?start=-1h</code> (e.g. <code>curl -u admin -X POST")
                .append(" \"$ADDRESS/api/action/recover?start=-1h\"</code>).</p></noscript></section>");
    }
}
