package io.syncflux.server;

import io.syncflux.core.event.ClusterState;
import io.syncflux.core.report.AntiEntropyResult;
import io.syncflux.core.report.LastVerify;
import io.syncflux.server.StatusHistory.Event;
import io.syncflux.server.StatusHistory.Kind;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The status page's timeline of the last 24 hours as inline SVG: one lane for the cluster state, one per
 * node (answering or not), one for recoveries and one for checks by content. Time before the history
 * begins (the daemon's start) is drawn as unknown, never as good. Each shape carries a {@code <title>}
 * (its tooltip) and the figure a text description; the page lists the same events as text.
 */
final class Timeline {
    static final Duration DAY = Duration.ofHours(24);
    static final Duration HOUR = Duration.ofHours(1);
    private static final int LEFT = 96;
    private static final int RIGHT = 992;
    private static final int LANE = 22;
    private static final int GAP = 8;

    private Timeline() {
    }

    /**
     * The SVG of the {@code span} up to {@code now}.
     *
     * @param master the master's name (second lane)
     * @param slave  the slave's name (third lane)
     * @param span   {@link #DAY} or {@link #HOUR}
     * @param id     a prefix for the figure's element ids, unique in the page
     */
    static String svg(StatusHistory.Snapshot h, String master, String slave, Instant now, ZoneId zone, Duration span,
                      String id) {
        Instant from = now.minus(span);
        List<Event> all = new ArrayList<>(h.baseline());
        all.addAll(h.events());
        all.sort(java.util.Comparator.comparing(Event::at));
        int height = 5 * (LANE + GAP) + 30;
        StringBuilder b = new StringBuilder();
        String title = span.equals(DAY) ? "the last 24 hours" : "the last hour";
        b.append("<svg id=\"").append(id).append("\" class=\"timeline\" viewBox=\"0 0 1000 ").append(height)
                .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title ").append(id)
                .append("-desc\" preserveAspectRatio=\"xMinYMin meet\">");
        b.append("<title id=\"").append(id).append("-title\">Timeline of ").append(title).append("</title>");
        b.append("<desc id=\"").append(id).append("-desc\">")
                .append(Html.esc(describe(all, from, now, master, slave))).append("</desc>");
        String[] lanes = {"Cluster", master, slave, "Recoveries", "Checks"};
        for (int i = 0; i < lanes.length; i++) {
            int y = y(i);
            b.append("<text class=\"lane-label\" x=\"4\" y=\"").append(y + 15).append("\">")
                    .append(Html.esc(shorten(lanes[i]))).append("</text>");
            b.append("<rect class=\"lane\" x=\"").append(LEFT).append("\" y=\"").append(y).append("\" width=\"")
                    .append(RIGHT - LEFT).append("\" height=\"").append(LANE).append("\"/>");
        }
        Instant known = all.isEmpty() ? h.startedAt() : all.get(0).at();
        if (known.isAfter(from)) {
            for (int i = 0; i < 3; i++) {
                rect(b, "unknown", "lane-" + i, x(from, from, span), y(i), x(known, from, span) - x(from, from, span),
                        "no record (before the daemon started)", from, known, zone);
            }
        }
        Scale sc = new Scale(from, span);
        states(b, all, sc, now, zone);
        node(b, all, master, 1, sc, now, zone);
        node(b, all, slave, 2, sc, now, zone);
        recoveries(b, all, sc, now, zone);
        checks(b, all, sc, zone);
        axis(b, sc, now, zone);
        b.append("</svg>");
        return b.toString();
    }

    private static int y(int lane) {
        return 4 + lane * (LANE + GAP);
    }

    private static double x(Instant t, Instant from, Duration span) {
        double f = (double) Duration.between(from, t).toMillis() / span.toMillis();
        return LEFT + Math.max(0, Math.min(1, f)) * (RIGHT - LEFT);
    }

    /** Where the figure starts and how much time it spans. */
    private record Scale(Instant from, Duration span) {
        double x(Instant t) {
            return Timeline.x(t, from, span);
        }
    }

    private static String shorten(String s) {
        return s.length() <= 12 ? s : s.substring(0, 11) + "…";
    }

    private static void states(StringBuilder b, List<Event> all, Scale from, Instant now, ZoneId zone) {
        List<Event> states = all.stream().filter(e -> e.kind() == Kind.STATE).toList();
        for (int i = 0; i < states.size(); i++) {
            Instant start = states.get(i).at();
            Instant end = i + 1 < states.size() ? states.get(i + 1).at() : now;
            ClusterState s = states.get(i).state();
            segment(b, "state state-" + s.name(), "cluster", 0, start, end, from, s.name(), zone);
        }
    }

    private static void node(StringBuilder b, List<Event> all, String name, int lane, Scale from, Instant now,
                             ZoneId zone) {
        List<Event> flips = all.stream().filter(e -> e.kind() == Kind.NODE && name.equals(e.node())).toList();
        for (int i = 0; i < flips.size(); i++) {
            Event e = flips.get(i);
            Instant end = i + 1 < flips.size() ? flips.get(i + 1).at() : now;
            String what = e.ok() ? name + " answers" : name + " down" + (e.text() == null ? "" : ": " + e.text());
            segment(b, e.ok() ? "node-up" : "node-down", "node " + name, lane, e.at(), end, from, what, zone);
        }
        for (Event e : all) {
            if (e.kind() == Kind.RESTART && name.equals(e.node()) && e.at().isAfter(from.from())) {
                double x = from.x(e.at());
                b.append("<path class=\"restart\" d=\"M").append(fmt(x)).append(' ').append(y(lane))
                        .append("v").append(LANE).append("\"><title>")
                        .append(Html.esc(name + " restarted (a new process answered) at " + Html.clock(e.at(), zone)))
                        .append("</title></path>");
            }
        }
    }

    private static void recoveries(StringBuilder b, List<Event> all, Scale from, Instant now, ZoneId zone) {
        Event open = null;
        for (Event e : all) {
            if (e.kind() == Kind.RECOVERY_STARTED) {
                open = e;
            } else if (e.kind() == Kind.RECOVERY_FINISHED && open != null) {
                segment(b, e.ok() ? "recovery-ok" : "recovery-failed", "recovery", 3, open.at(), e.at(), from,
                        "recovery of " + Html.span(open.window(), zone) + (e.ok() ? ": " + e.points() + " points copied"
                                : ": failed, " + e.text()), zone);
                open = null;
            }
        }
        if (open != null) {
            segment(b, "recovery-running", "recovery", 3, open.at(), now, from,
                    "recovery of " + Html.span(open.window(), zone) + " running", zone);
        }
    }

    private static void checks(StringBuilder b, List<Event> all, Scale from, ZoneId zone) {
        for (Event e : all) {
            if ((e.kind() != Kind.VERIFIED && e.kind() != Kind.ANTI_ENTROPY) || e.at().isBefore(from.from())) {
                continue;
            }
            String verdict = verdict(e);
            double x = from.x(e.at());
            int cy = y(4) + LANE / 2;
            b.append("<circle class=\"check check-").append(verdict).append("\" data-lane=\"checks\" cx=\"")
                    .append(fmt(x)).append("\" cy=\"").append(cy).append("\" r=\"6\"><title>")
                    .append(Html.esc(label(e) + " of " + Html.span(e.window(), zone) + ": " + verdict + " at "
                            + Html.clock(e.at(), zone)))
                    .append("</title></circle>");
        }
    }

    /** identical, repaired, differs, failed, skipped or yielded. */
    static String verdict(Event e) {
        if (e.kind() == Kind.VERIFIED) {
            LastVerify v = e.verify();
            return v.outcome().name().toLowerCase(Locale.ROOT);
        }
        AntiEntropyResult r = e.antiEntropy();
        return r.outcome().key();
    }

    /** What kind of check: after a recovery, of the downtime, in the background. */
    static String label(Event e) {
        if (e.kind() == Kind.ANTI_ENTROPY) {
            return "background check";
        }
        return switch (e.verify().reason()) {
            case RECOVERY -> "check after recovery";
            case DOWNTIME -> "check of the daemon's downtime";
        };
    }

    private static void segment(StringBuilder b, String cls, String lane, int laneIndex, Instant start, Instant end,
                                Scale sc, String what, ZoneId zone) {
        if (!end.isAfter(sc.from()) || !end.isAfter(start)) {
            return;
        }
        double x0 = sc.x(start);
        double w = Math.max(1.5, sc.x(end) - x0);
        rect(b, cls, lane, x0, y(laneIndex), w, what, start, end, zone);
    }

    private static void rect(StringBuilder b, String cls, String lane, double x, int y, double w, String what,
                             Instant start, Instant end, ZoneId zone) {
        b.append("<rect class=\"seg ").append(cls).append("\" data-lane=\"").append(Html.esc(lane)).append("\" x=\"")
                .append(fmt(x)).append("\" y=\"").append(y).append("\" width=\"").append(fmt(w)).append("\" height=\"")
                .append(LANE).append("\"><title>").append(Html.esc(what + ", " + Html.clock(start, zone) + " to "
                        + Html.clock(end, zone))).append("</title></rect>");
    }

    private static void axis(StringBuilder b, Scale sc, Instant now, ZoneId zone) {
        int y = y(5) + 2;
        // a tick every 3 hours of a day, every 10 minutes of an hour, on round clock times
        long stepMinutes = sc.span().toMinutes() >= 24 * 60 ? 180 : 10;
        ZonedDateTime t = sc.from().atZone(zone).truncatedTo(ChronoUnit.HOURS);
        while (!t.toInstant().isAfter(sc.from()) || (t.getHour() * 60 + t.getMinute()) % stepMinutes != 0) {
            t = t.plusMinutes(10);
        }
        for (; t.toInstant().isBefore(now); t = t.plusMinutes(stepMinutes)) {
            double x = sc.x(t.toInstant());
            b.append("<path class=\"tick\" d=\"M").append(fmt(x)).append(" 4V").append(y - 8).append("\"/>");
            b.append("<text class=\"tick-label\" x=\"").append(fmt(x)).append("\" y=\"").append(y + 8)
                    .append("\" text-anchor=\"middle\">")
                    .append(String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute())).append("</text>");
        }
        b.append("<text class=\"tick-label\" x=\"").append(RIGHT).append("\" y=\"").append(y + 20)
                .append("\" text-anchor=\"end\">now</text>");
    }

    /** The figure's text description: how long each lane was bad, and how many recoveries and checks. */
    private static String describe(List<Event> all, Instant from, Instant now, String master, String slave) {
        long outages = all.stream().filter(e -> e.kind() == Kind.NODE && !e.ok() && e.at().isAfter(from)).count();
        long recoveries = all.stream().filter(e -> e.kind() == Kind.RECOVERY_STARTED && e.at().isAfter(from)).count();
        long checks = all.stream().filter(e -> (e.kind() == Kind.VERIFIED || e.kind() == Kind.ANTI_ENTROPY)
                && e.at().isAfter(from)).count();
        return "Cluster state, " + master + " and " + slave + " answering or down, recoveries and checks by content"
                + " from " + from + " to " + now + ": " + outages + " node outage(s), " + recoveries
                + " recovery(ies), " + checks + " check(s). The event log below lists them.";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
