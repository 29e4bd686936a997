package io.syncflux.server;

import io.syncflux.core.HaMonitor;
import io.syncflux.core.api.SyncfluxException;
import io.syncflux.core.config.HttpConfig;
import io.syncflux.core.config.PemFiles;
import io.syncflux.core.config.SyncfluxConfig;
import io.syncflux.core.event.ClusterState;
import io.syncflux.core.event.MonitorListener;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The HA monitor daemon without the process around it: an {@link HaMonitor} plus the HTTP API on
 * {@code [http] bind-addr} (port 0 picks a free port, see {@link #port()}; HTTPS only when {@code [http]}
 * has {@code tls-cert} and {@code tls-key}), its Prometheus metrics ({@code /metrics}), the status page
 * ({@code /}, {@link StatusPage}) and the verifies asked for over HTTP, which run one at a time on a thread
 * the server owns. Start and stop it from a test or an embedding application; {@link ServerMain} adds flags,
 * logging, pid file and signals.
 */
public final class SyncfluxServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncfluxServer.class);

    private final SyncfluxConfig config;
    private final HttpConfig http;
    private final HaMonitor monitor;
    private final ServerMetrics metrics;
    private final StatusHistory history;
    private final Clock clock;
    private final ZoneId zone;
    private final Path accessLogFile;
    private final Duration requestTimeout;
    private Undertow undertow;
    private AccessLog accessLog;
    private int port = -1;
    private boolean stopped;

    private SyncfluxServer(Builder b) {
        this.config = Objects.requireNonNull(b.config, "config");
        this.http = config.http();
        ExposedApi.check(http);
        this.requestTimeout = b.requestTimeout;
        this.clock = b.clock;
        this.zone = b.zone;
        this.accessLogFile = b.accessLog;
        this.metrics = new ServerMetrics();
        this.history = new StatusHistory(clock, StatusHistory.DEFAULT_CAPACITY, ClusterState.STARTING);
        try {
            this.monitor = HaMonitor.builder().config(config).clock(clock)
                    .listener(FanOutListener.of(metrics.monitorListener(), history.monitorListener(), b.listener))
                    .copyListener(CopyFanOut.of(metrics.copyListener(), history.copyListener())).build();
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        metrics.bindStatus(monitor::status);
    }

    /** A new builder; a config is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the monitor and the HTTP listener.
     *
     * @throws SyncfluxException when the address cannot be bound (the monitor is stopped again)
     * @throws IllegalStateException when called twice
     */
    public synchronized SyncfluxServer start() {
        if (undertow != null || stopped) {
            throw new IllegalStateException("a SyncfluxServer starts once");
        }
        accessLog = accessLogFile == null ? null : new AccessLog(accessLogFile);
        ApiHandler api = new ApiHandler(monitor, new BasicAuth(http.adminUser(), http.adminPasswd()), clock, zone,
                accessLog, metrics);
        api.page(new StatusPage(http.name(), monitor::status, history, monitor::verifyStatus, clock, zone));
        Undertow.Builder ub = Undertow.builder();
        try {
            listen(ub);
        } catch (RuntimeException e) {
            closeAccessLog();
            throw e;
        }
        Undertow u = ub
                .setIoThreads(1)
                .setWorkerThreads(4)
                .setServerOption(UndertowOptions.DECODE_URL, false)
                // bounds what one request can make the server hold: headers and an unread body
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 64 * 1024)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, ApiHandler.MAX_BODY_BYTES)
                // a slow or silent client cannot hold a connection: the request must arrive within the
                // timeout, an idle keep-alive connection is closed after it, any connection idle for 6 times
                // it; and the number of open connections is capped
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(requestTimeout))
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis(requestTimeout))
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, millis(requestTimeout.multipliedBy(6)))
                .setSocketOption(org.xnio.Options.CONNECTION_HIGH_WATER, MAX_CONNECTIONS)
                .setSocketOption(org.xnio.Options.CONNECTION_LOW_WATER, MAX_CONNECTIONS * 9 / 10)
                .setHandler(api)
                .build();
        try {
            u.start();
        } catch (RuntimeException e) {
            closeAccessLog();
            throw new SyncfluxException(SyncfluxException.Kind.FAILURE, "cannot listen on " + http.bindAddr() + ": "
                    + rootMessage(e), e);
        }
        undertow = u;
        port = ((InetSocketAddress) u.getListenerInfo().get(0).getAddress()).getPort();
        try {
            monitor.start();
        } catch (RuntimeException | LinkageError e) {
            stop();
            throw e;
        }
        LOG.info("HTTP API of {} listening on {}://{}:{}", http.name(), http.tls() == null ? "http" : "https",
                http.host(), port);
        return this;
    }

    /** Open connections to the API at most; more wait in the kernel's accept queue. */
    static final int MAX_CONNECTIONS = 256;

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    /** HTTPS with the [http] tls-cert and tls-key when they are set, plain HTTP otherwise. */
    private void listen(Undertow.Builder ub) {
        HttpConfig.Tls tls = http.tls();
        if (tls == null) {
            ub.addHttpListener(http.port(), http.host());
            return;
        }
        ub.addHttpsListener(http.port(), http.host(), PemFiles.serverContext(tls.cert(), tls.key(),
                "[http] tls-cert/tls-key"));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The bound port, or -1 before {@link #start()}. */
    public synchronized int port() {
        return port;
    }

    /** The monitor behind the API. */
    public HaMonitor monitor() {
        return monitor;
    }

    /**
     * Stops the HTTP listener (releasing the port), a running verify (interrupted, waited for up to 5 s)
     * and the monitor, gracefully. Idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (undertow != null) {
            undertow.stop();
        }
        monitor.stop();
        metrics.close();
        closeAccessLog();
        LOG.info("server stopped");
    }

    /**
     * Reopens the access log file (after log rotation moved it); nothing without an access log.
     *
     * @throws java.io.IOException when its path cannot be opened (the old file stays in use)
     */
    public synchronized void reopenAccessLog() throws java.io.IOException {
        if (accessLog != null) {
            accessLog.reopen();
        }
    }

    private void closeAccessLog() {
        if (accessLog != null) {
            accessLog.close();
            accessLog = null;
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Builder of {@link SyncfluxServer}. */
    public static final class Builder {
        private SyncfluxConfig config;
        private Path accessLog;
        private Clock clock = Clock.systemUTC();
        private ZoneId zone = ZoneId.systemDefault();
        private MonitorListener listener = MonitorListener.NONE;
        private Duration requestTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * How long a client may take to send a request, and keep an idle connection open (default 10 s);
         * a connection idle for 6 times this is closed in any case.
         */
        public Builder requestTimeout(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("requestTimeout must be positive, got " + d);
            }
            this.requestTimeout = d;
            return this;
        }

        /** The whole configuration: nodes, {@code [General]} and {@code [http]}. */
        public Builder config(SyncfluxConfig c) {
            this.config = Objects.requireNonNull(c, "config");
            return this;
        }

        /** Writes one line per HTTP request to this file (default: none; requests are logged at debug). */
        public Builder accessLog(Path file) {
            this.accessLog = Objects.requireNonNull(file, "accessLog");
            return this;
        }

        /** Source of "now" for the monitor and relative recovery times (default system UTC). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Zone of the times in {@code /api/health} (default the system zone). */
        public Builder zone(ZoneId z) {
            this.zone = Objects.requireNonNull(z, "zone");
            return this;
        }

        /** Monitor listener (default none). */
        public Builder listener(MonitorListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /**
         * @throws io.syncflux.core.api.SyncfluxException (usage) when {@code [http] bind-addr} is reachable
         *         from other machines and the admin password is empty or the sample's {@code admin}
         */
        public SyncfluxServer build() {
            return new SyncfluxServer(this);
        }
    }
}
