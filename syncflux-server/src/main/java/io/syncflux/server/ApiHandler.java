package io.syncflux.server;

import io.syncflux.core.report.VerifyStatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncflux.core.HaMonitor;
import io.syncflux.core.api.SyncfluxException;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.monitor.RecoveryRequest;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP API: {@code GET /api/health}, {@code GET /api/queryactive}, {@code POST /api/action/recover},
 * {@code POST /api/action/verify}, {@code GET /api/verify}, {@code GET /metrics} (Prometheus text,
 * no authentication, like other exporters) and the status page at {@code /} and {@code /status}
 * ({@link StatusPage}, HTML). Every other answer is JSON; errors are
 * {@code {"error": "..."}} with a one-line message, never a stack trace.
 *
 * <p>Open to anyone: health, active nodes, metrics, and the verdict and counts of {@code GET /api/verify}.
 * The actions and the series keys and values of {@code GET /api/verify} need the admin login. Failed logins
 * are slowed down per client address ({@link LoginThrottle}).
 */
final class ApiHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final HttpString WWW_AUTHENTICATE = Headers.WWW_AUTHENTICATE;
    /** Largest request body accepted; no endpoint reads one, so anything bigger is refused unread. */
    static final long MAX_BODY_BYTES = 64 * 1024;
    /** Longest query string accepted (the parameters are a few short times and names). */
    static final int MAX_QUERY_CHARS = 8 * 1024;

    private final HaMonitor monitor;
    private final BasicAuth auth;
    private final Clock clock;
    private final ZoneId zone;
    private final AccessLog accessLog;
    private final ServerMetrics metrics;
    private final ObjectMapper json = new ObjectMapper();
    private volatile StatusPage page;
    private final LoginThrottle throttle = new LoginThrottle();

    ApiHandler(HaMonitor monitor, BasicAuth auth, Clock clock, ZoneId zone, AccessLog accessLog,
               ServerMetrics metrics) {
        this.monitor = monitor;
        this.metrics = metrics;
        this.auth = auth;
        this.clock = clock;
        this.zone = zone;
        this.accessLog = accessLog;
    }

    /** Serves the status page at {@code /} and {@code /status} (and its script and style) from now on. */
    void page(StatusPage statusPage) {
        this.page = statusPage;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        if (ex.isInIoThread()) {
            long t0 = System.nanoTime();
            ex.addExchangeCompleteListener((done, next) -> {
                logAccess(done, t0);
                next.proceed();
            });
            ex.dispatch(this);
            return;
        }
        try {
            route(ex);
        } catch (Throwable e) {
            LOG.error("{} {} failed", ex.getRequestMethod(), ex.getRequestPath(), e);
            if (!ex.isResponseStarted()) {
                send(ex, 500, error("internal error: " + oneLine(e)));
            } else {
                ex.endExchange();
            }
        }
    }

    private void logAccess(HttpServerExchange ex, long t0) {
        double ms = (System.nanoTime() - t0) / 1_000_000.0;
        InetSocketAddress remote = ex.getSourceAddress();
        String who = remote == null ? "-" : remote.getHostString() + ":" + remote.getPort();
        String line = AccessLog.line(clock.instant(), who, ex.getRequestMethod().toString(), ex.getRequestPath(),
                ex.getStatusCode(), ms);
        if (accessLog != null) {
            accessLog.write(line);
        } else {
            LOG.debug("http {}", line);
        }
    }

    private void route(HttpServerExchange ex) {
        String path = ex.getRequestPath();
        if (ex.getRequestContentLength() > MAX_BODY_BYTES) {
            ex.setPersistent(false);
            send(ex, 413, error("request body too large: at most " + MAX_BODY_BYTES + " bytes"));
            return;
        }
        if (ex.getQueryString().length() > MAX_QUERY_CHARS) {
            send(ex, 414, error("query string too long: at most " + MAX_QUERY_CHARS + " characters"));
            return;
        }
        switch (path) {
            case "/api/health", "/api/health/" -> {
                if (allow(ex, Methods.GET)) {
                    send(ex, 200, HealthJson.of(monitor.status(), zone));
                }
            }
            case "/api/queryactive", "/api/queryactive/" -> {
                if (allow(ex, Methods.GET)) {
                    send(ex, 200, monitor.status().activeNodes());
                }
            }
            case "/api/action/recover", "/api/action/recover/" -> {
                if (allow(ex, Methods.POST)) {
                    recover(ex);
                }
            }
            case "/api/action/verify", "/api/action/verify/" -> {
                if (allow(ex, Methods.POST)) {
                    verify(ex);
                }
            }
            case "/api/verify", "/api/verify/" -> {
                // anyone sees the verdict and counts; the series keys and values need the login
                boolean login = ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION) != null;
                if (allow(ex, Methods.GET) && (!login || authorized(ex))) {
                    send(ex, 200, VerifyJson.of(monitor.verifyStatus(), zone, login));
                }
            }
            case "/metrics", "/metrics/" -> {
                if (allow(ex, Methods.GET)) {
                    sendText(ex, ServerMetrics.CONTENT_TYPE, metrics.scrape());
                }
            }
            case "/", "/status", "/status/", StatusPage.SCRIPT, StatusPage.STYLE -> {
                if (page != null && allow(ex, Methods.GET)) {
                    page(ex, path);
                } else if (page == null) {
                    send(ex, 404, error("not found: " + path));
                }
            }
            default -> send(ex, 404, error("not found: " + path));
        }
    }

    /** The status page (no login: like /api/health, it shows no point of the databases), or its script or style. */
    private void page(HttpServerExchange ex, String path) {
        String asset = page.asset(path);
        StatusPage.HEADERS.forEach((k, v) -> ex.getResponseHeaders().put(new HttpString(k), v));
        sendText(ex, asset != null ? StatusPage.assetType(path) : "text/html; charset=utf-8",
                asset != null ? asset : page.html());
    }

    private boolean allow(HttpServerExchange ex, HttpString method) {
        HttpString m = ex.getRequestMethod();
        if (m.equals(method) || (method.equals(Methods.GET) && m.equals(Methods.HEAD))) {
            return true;
        }
        ex.getResponseHeaders().put(Headers.ALLOW, method.toString());
        send(ex, 405, error("method " + m + " not allowed on " + ex.getRequestPath() + " (use " + method + ")"));
        return false;
    }

    private void recover(HttpServerExchange ex) {
        if (!authorized(ex)) {
            return;
        }
        TimeWindow w;
        try {
            w = window(ex);
        } catch (SyncfluxException e) {
            send(ex, 400, error(oneLine(e)));
            return;
        }
        RecoveryRequest r = monitor.requestRecovery(w);
        if (!r.accepted()) {
            send(ex, 429, error("too many recoveries waiting: " + r.queued() + " requested windows, the most "
                    + "[General] max-queued-recoveries allows; ask for a window that overlaps a waiting one, or "
                    + "again once one is recovered (GET /api/health)"));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        // "merged": the request overlapped waiting ones; start and end are those of the one merged window
        body.put("status", r.outcome() == RecoveryRequest.Outcome.MERGED ? "merged" : "queued");
        body.put("start", HealthJson.time(r.window().start(), zone));
        body.put("end", HealthJson.time(r.window().end(), zone));
        body.put("waiting", r.queued());
        send(ex, 202, body);
    }

    private void verify(HttpServerExchange ex) {
        if (!authorized(ex)) {
            return;
        }
        TimeWindow w;
        boolean repair;
        try {
            w = window(ex);
            repair = bool(param(ex, "repair"), "repair");
        } catch (SyncfluxException e) {
            send(ex, 400, error(oneLine(e)));
            return;
        }
        VerifyStatus running;
        try {
            running = monitor.verify(w, repair);
        } catch (IllegalStateException e) {
            send(ex, 503, error(oneLine(e)));
            return;
        }
        if (running == null) {
            VerifyStatus busy = monitor.verifyStatus();
            send(ex, 409, error("a verify is already running (" + HealthJson.time(busy.window().start(), zone)
                    + " to " + HealthJson.time(busy.window().end(), zone) + ", started "
                    + HealthJson.time(busy.startedAt(), zone) + "); see GET /api/verify"));
            return;
        }
        send(ex, 202, VerifyJson.of(running, zone));
    }

    /**
     * Answers 401 (and returns false) unless the request carries the admin credentials, and 429 without
     * checking them while the client's address waits after too many failed logins.
     */
    private boolean authorized(HttpServerExchange ex) {
        String client = LoginThrottle.key(ex.getSourceAddress());
        long wait = throttle.waitMillis(client);
        if (wait > 0) {
            long seconds = (wait + 999) / 1000;
            ex.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(seconds));
            send(ex, 429, error("too many failed logins from this address: try again in " + seconds + " s"));
            return false;
        }
        String header = ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (auth.accepts(header)) {
            throttle.succeeded(client);
            return true;
        }
        if (header != null) {
            java.time.Duration blocked = throttle.failed(client);
            if (!blocked.isZero()) {
                LOG.warn("failed login to the HTTP API from {}: its next try must wait {} ms", client,
                        blocked.toMillis());
            } else {
                LOG.info("failed login to the HTTP API from {}", client);
            }
        }
        ex.getResponseHeaders().put(WWW_AUTHENTICATE, "Basic realm=\"syncflux\", charset=\"UTF-8\"");
        send(ex, 401, error("authentication required: use the [http] admin-user and admin-passwd"));
        return false;
    }

    /** The {@code start} (required) and {@code end} (default now) parameters. */
    private TimeWindow window(HttpServerExchange ex) {
        Instant now = clock.instant();
        String start = param(ex, "start");
        String end = param(ex, "end");
        if (start == null) {
            throw SyncfluxException.usage("start: missing (use now, unix seconds, -10h or RFC3339)");
        }
        Instant s = TimeWindow.parseTime(start, now, "start");
        Instant e = end == null ? now : TimeWindow.parseTime(end, now, "end");
        if (!s.isBefore(e)) {
            throw SyncfluxException.usage("start " + s + " is not before end " + e);
        }
        return new TimeWindow(s, e);
    }

    private static boolean bool(String value, String name) {
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw SyncfluxException.usage(name + ": \"" + value + "\" is not true or false");
    }

    /**
     * The first value of a query parameter, or null when absent or blank. The server does not decode
     * URLs itself (so that a bad escape is our JSON 400, not the HTTP stack's empty one).
     */
    static String param(HttpServerExchange ex, String name) {
        String query = ex.getQueryString();
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), "parameter name");
            if (key.equals(name)) {
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
                return v.isBlank() ? null : v;
            }
        }
        return null;
    }

    private static String decode(String s, String what) {
        try {
            // percent escapes to bytes first, then strict UTF-8: a broken sequence is an error, not U+FFFD
            byte[] bytes = URLDecoder.decode(s, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw SyncfluxException.usage(what + ": malformed URL encoding");
        }
    }

    private static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static void sendText(HttpServerExchange ex, String contentType, String text) {
        ex.setStatusCode(200);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        if (ex.getRequestMethod().equals(Methods.HEAD)) {
            ex.endExchange();
            return;
        }
        ex.getResponseSender().send(text, StandardCharsets.UTF_8);
    }

    private void send(HttpServerExchange ex, int status, Object body) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            status = 500;
            text = "{\"error\":\"cannot encode the response\"}";
        }
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        if (ex.getRequestMethod().equals(Methods.HEAD)) {
            ex.endExchange();
            return;
        }
        ex.getResponseSender().send(text + "\n");
    }
}
