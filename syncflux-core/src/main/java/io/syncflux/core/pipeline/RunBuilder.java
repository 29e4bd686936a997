package io.syncflux.core.pipeline;

import io.syncflux.core.api.Selection;
import io.syncflux.core.api.Sleeper;
import io.syncflux.core.api.TimeScope;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.config.CopySettings;
import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.config.WriteSettings;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What the builders of a copy and a verify have in common, so that both plan, read and write the same way
 * with the same defaults: what the run covers, how it reads (read span, series per query, workers, retries)
 * and how it writes (size of a write, rate limit). Each setter fails fast on a bad argument.
 *
 * @param <B> the builder
 */
public abstract class RunBuilder<B extends RunBuilder<B>> implements TimeScope.Scoped<B> {
    private RunScope scope = RunScope.DEFAULT;
    private Duration readSpan = CopySettings.DEFAULT_READ_SPAN;
    private int workers = CopySettings.DEFAULT.workers();
    private int seriesPerQuery = CopySettings.DEFAULT_SERIES_PER_QUERY;
    private int maxRetries = CopySettings.DEFAULT.retry().maxRetries();
    private Duration retryDelay = CopySettings.DEFAULT.retry().delay();
    private int maxPointsPerWrite = WriteSettings.DEFAULT.maxPoints();
    private int maxBytesPerWrite = WriteSettings.DEFAULT.maxBytes();
    private long rate;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;

    /** A builder with the defaults of {@link CopySettings#DEFAULT}, everything selected and no time set. */
    protected RunBuilder() {
    }

    /** This builder, as its own type. */
    protected abstract B self();

    /** Takes every setting of {@code other}. */
    protected final void copyFrom(RunBuilder<?> other) {
        scope = other.scope;
        readSpan = other.readSpan;
        workers = other.workers;
        seriesPerQuery = other.seriesPerQuery;
        maxRetries = other.maxRetries;
        retryDelay = other.retryDelay;
        maxPointsPerWrite = other.maxPointsPerWrite;
        maxBytesPerWrite = other.maxBytesPerWrite;
        rate = other.rate;
        clock = other.clock;
        sleeper = other.sleeper;
    }

    /**
     * The settings as they are now.
     *
     * @param scope the scope, checked to have a time ({@link RunScope#requireTime()})
     * @param readSpan the longest time one query reads
     * @param workers units worked on in parallel
     * @param seriesPerQuery series one query selects at most
     * @param maxRetries retries of a failed read or unit
     * @param retryDelay wait before each retry
     * @param sleeper how to wait
     * @param maxPointsPerWrite points per write request at most
     * @param maxBytesPerWrite bytes per write request at most
     * @param rate points written per second at most, 0 for no limit
     * @param clock gives "now"
     */
    public record Options(RunScope scope, Duration readSpan, int workers, int seriesPerQuery, int maxRetries,
                          Duration retryDelay, Sleeper sleeper, int maxPointsPerWrite, int maxBytesPerWrite,
                          long rate, Clock clock) {
        /** The write limits of one run, with a rate limiter of its own to share among the run's writers. */
        public PointWriter.Limits newWriteLimits() {
            return new PointWriter.Limits(maxPointsPerWrite, maxBytesPerWrite, RateLimiter.of(rate));
        }
    }

    /**
     * The settings, for {@code build()}.
     *
     * @throws IllegalStateException when neither a window nor {@link #full} is set
     */
    protected final Options options() {
        return new Options(scope.requireTime(), readSpan, workers, seriesPerQuery, maxRetries, retryDelay, sleeper,
                maxPointsPerWrite, maxBytesPerWrite, rate, clock);
    }

    /** What to read, and its names on the other node ({@code newDb}/{@code newRp}); default everything. */
    public B selection(Selection s) {
        this.scope = scope.withSelection(s);
        return self();
    }

    /** The half-open window, for every selected retention policy. */
    @Override
    public B window(TimeWindow w) {
        this.scope = scope.withWindow(w);
        return self();
    }

    /**
     * Each retention policy's whole retention: from now minus its duration (or minus {@code maxRetention} when
     * the policy is infinite or longer) to now.
     */
    @Override
    public B full(Duration maxRetention) {
        this.scope = scope.withFull(maxRetention);
        return self();
    }

    /** Chunk length (default 60m): the unit of progress, report, retry and repair; chunks are also cut at shard-group boundaries. */
    @Override
    public B chunk(Duration d) {
        this.scope = scope.withChunk(d);
        return self();
    }

    /**
     * The longest time one query reads (default 6h): adjacent chunks of one measurement inside one shard group
     * are read together up to this span, so that short chunks do not each pay a query. Progress, retry and
     * comparison stay per chunk. A span no longer than the chunk reads every chunk on its own. 6h rather than a
     * whole day keeps enough reads in the plan to keep every worker busy to the end (measured: about 10 % faster
     * than 24h on the benchmark's day of 10 measurements with 4 workers).
     */
    public B readSpan(Duration d) {
        this.readSpan = Require.positive(d, "readSpan");
        return self();
    }

    /**
     * Series one read selects at most (default 10,000): a measurement with more series (the nodes' estimate) is
     * read in parts, split on the last character of its widest tag's values, so that neither the server's
     * memory nor the wait for its first row grows with the measurement.
     */
    public B seriesPerQuery(int n) {
        this.seriesPerQuery = Require.atLeast(1, n, "seriesPerQuery");
        return self();
    }

    /** Reads worked on in parallel (default 4). */
    public B workers(int n) {
        this.workers = Require.atLeast(1, n, "workers");
        return self();
    }

    /** Retries of a failed read before it is given up (default 5). */
    public B maxRetries(int n) {
        this.maxRetries = Require.atLeast(0, n, "maxRetries");
        return self();
    }

    /** Wait before each retry (default 10s). */
    public B retryDelay(Duration d) {
        this.retryDelay = Require.notNegative(d, "retryDelay");
        return self();
    }

    /** Points per write request at most (default 20000). */
    public B maxPointsPerWrite(int n) {
        this.maxPointsPerWrite = Require.atLeast(1, n, "maxPointsPerWrite");
        return self();
    }

    /**
     * Bytes of line protocol per write request at most (default 2 MiB, well under the 25,000,000 of InfluxDB's
     * default {@code max-body-size}); a single bigger point is still sent alone. A write the node refuses as
     * too large (HTTP 413) is halved until it fits, whatever this setting.
     */
    public B maxBytesPerWrite(int n) {
        this.maxBytesPerWrite = Require.atLeast(1, n, "maxBytesPerWrite");
        return self();
    }

    /**
     * Writes at most this many points per second over all workers (default 0: no limit), so that a big copy
     * or repair does not starve the production writes arriving at the same nodes.
     */
    public B rate(long pointsPerSecond) {
        this.rate = RateLimiter.requireRate(pointsPerSecond);
        return self();
    }

    /** Chunk, read span, workers, series per query, write sizes, rate limit and retries. */
    public B settings(CopySettings c) {
        return chunk(c.chunk()).readSpan(c.readSpan()).workers(c.workers()).seriesPerQuery(c.seriesPerQuery())
                .maxPointsPerWrite(c.write().maxPoints()).maxBytesPerWrite(c.write().maxBytes())
                .rate(c.write().maxPointsPerSecond()).maxRetries(c.retry().maxRetries())
                .retryDelay(c.retry().delay());
    }

    /** The settings of a config's {@code [General]} section ({@link GeneralConfig#copy()}). */
    public B settings(GeneralConfig g) {
        return settings(g.copy());
    }

    /** The clock giving "now" for {@link #full} (default system UTC). */
    public B clock(Clock c) {
        this.clock = Objects.requireNonNull(c, "clock");
        return self();
    }

    /** How to wait between retries (default {@link Thread#sleep}). */
    public B sleeper(Sleeper s) {
        this.sleeper = Objects.requireNonNull(s, "sleeper");
        return self();
    }
}
