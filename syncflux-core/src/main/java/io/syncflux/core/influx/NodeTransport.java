package io.syncflux.core.influx;

import io.syncflux.core.config.NodeConfig;
import io.syncflux.core.influx.NodeException.Reason;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.Dispatcher;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of an {@link InfluxNode}: its OkHttp clients, query POSTs streamed through the MessagePack
 * decoder, line protocol writes, and the translation of HTTP and I/O failures into {@link NodeException}s
 * (retryable or not, rejected or not). Thread-safe.
 */
final class NodeTransport {
    private static final MediaType LINE_PROTOCOL = MediaType.get("text/plain; charset=utf-8");

    private final NodeConfig config;
    private final OkHttpClient http;
    private final OkHttpClient healthHttp;
    private final HttpUrl base;
    private final String authHeader;

    NodeTransport(NodeConfig config) {
        this.config = config;
        Duration t = config.requestTimeout();
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(256);
        dispatcher.setMaxRequestsPerHost(256);
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(t)
                // a read of thousands of series is prepared whole before its first row: more patience than a
                // health check (read-timeout)
                .readTimeout(config.effectiveReadTimeout())
                .writeTimeout(t)
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
                .retryOnConnectionFailure(false);
        TlsClient.configure(config, b);
        this.http = b.build();
        // health checks as a whole (not each read) are bounded by the node's timeout
        // and a pooled connection to a server process that has since restarted is retried on a new one, so
        // that a restart between two checks is seen as a restart (see NodeHealth#instance), not a failure
        this.healthHttp = http.newBuilder().readTimeout(t).callTimeout(t).retryOnConnectionFailure(true).build();
        String url = config.location().toString();
        this.base = HttpUrl.get(url.endsWith("/") ? url : url + "/");
        this.authHeader = config.hasCredentials() ? Credentials.basic(config.adminUser(), config.adminPasswd(),
                StandardCharsets.UTF_8) : null;
    }

    /** A builder of the health client, for influxdb-java's ping. */
    OkHttpClient.Builder healthClientBuilder() {
        return healthHttp.newBuilder();
    }

    /**
     * POSTs a query and streams its MessagePack answer to the handler on the calling thread.
     *
     * @param health use the health client (the whole call bounded by the node's timeout, a stale pooled
     *               connection retried)
     */
    void stream(boolean health, String db, String q, int chunkSize, SeriesHandler handler) {
        OkHttpClient client = health ? healthHttp : http;
        FormBody.Builder form = new FormBody.Builder().add("q", q);
        if (db != null) {
            form.add("db", db);
        }
        HttpUrl.Builder url = base.newBuilder().addPathSegment("query").addQueryParameter("epoch", "ns");
        if (chunkSize > 0) {
            url.addQueryParameter("chunked", "true").addQueryParameter("chunk_size", Integer.toString(chunkSize));
        }
        // identity: OkHttp would otherwise ask for gzip, and compressing a bulk read costs the master about
        // 60 % more CPU than the query itself (measured on influxd 1.6.7), the copy's bottleneck on a busy
        // or small master; the answer is read once, over a fast link in a pair's usual setting
        Request.Builder rb = new Request.Builder().url(url.build()).post(form.build())
                .header("Accept", "application/x-msgpack").header("Accept-Encoding", "identity");
        if (authHeader != null) {
            rb.header("Authorization", authHeader);
        }
        Call call = client.newCall(rb.build());
        try (Response resp = call.execute()) {
            ResponseBody body = resp.body();
            if (!resp.isSuccessful()) {
                String msg = ErrorBodies.reason(resp);
                throw NodeException.answered(config.name(), NodeException.Request.QUERY, resp.code(),
                        "query failed: HTTP " + resp.code() + (msg.isEmpty() ? "" : ": " + msg) + " [" + abbreviate(q)
                                + "]", null);
            }
            String type = resp.header("Content-Type", "");
            if (!type.startsWith("application/x-msgpack")) {
                throw queryFailed(Reason.BAD_ANSWER, "query answered with unexpected content type \"" + type + "\"",
                        true, null);
            }
            MsgpackResults.read(body.byteStream(), chunkSize > 0, handler);
        } catch (NodeException e) {
            throw e;
        } catch (MsgpackResults.ResultError e) {
            throw queryFailed(Reason.REFUSED, "query failed: " + e.getMessage() + " [" + abbreviate(q) + "]", false, e);
        } catch (MsgpackResults.MalformedAnswer e) {
            throw queryFailed(Reason.BAD_ANSWER, "invalid response body: " + e.getMessage() + " [" + abbreviate(q) + "]",
                    true, e);
        } catch (IOException e) {
            throw queryFailed(reason(e), describe(e, health) + " [" + abbreviate(q) + "]", reason(e) != Reason.TLS, e);
        } catch (org.msgpack.core.MessageSizeException e) {
            throw queryFailed(Reason.BAD_ANSWER, "invalid response body: the answer claims a length of " + e.getSize()
                    + ", beyond what MessagePack allows [" + abbreviate(q) + "]", true, e);
        } catch (org.msgpack.core.MessagePackException e) {
            // a body cut short or not MessagePack at all: never mistaken for a complete answer
            throw queryFailed(Reason.BAD_ANSWER, "truncated or invalid response body (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ") at " + config.location()
                    + " [" + abbreviate(q) + "]", true, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw queryFailed(Reason.ABORTED, "query aborted: " + e.getMessage(), false, e);
        }
    }

    private NodeException queryFailed(Reason reason, String message, boolean retryable, Throwable cause) {
        return new NodeException(config.name(), NodeException.Request.QUERY, reason, message, retryable, cause);
    }

    /**
     * Writes UTF-8 line protocol (nanosecond precision) to {@code db}.{@code rp} synchronously.
     *
     * @throws NodeException when the node rejects or does not take the write
     */
    void write(String db, String rp, byte[] lineProtocol) {
        HttpUrl url = base.newBuilder().addPathSegment("write").addQueryParameter("db", db)
                .addQueryParameter("rp", rp).addQueryParameter("precision", "ns").build();
        Request.Builder rb = new Request.Builder().url(url).post(RequestBody.create(lineProtocol, LINE_PROTOCOL));
        if (authHeader != null) {
            rb.header("Authorization", authHeader);
        }
        String what = "write to " + db + "." + rp + " failed: ";
        try (Response resp = http.newCall(rb.build()).execute()) {
            if (resp.code() != 204 && resp.code() != 200) {
                String msg = ErrorBodies.reason(resp);
                throw NodeException.answered(config.name(), NodeException.Request.WRITE, resp.code(),
                        what + "HTTP " + resp.code() + (msg.isEmpty() ? "" : ": " + msg), null);
            }
        } catch (IOException e) {
            throw new NodeException(config.name(), NodeException.Request.WRITE, reason(e), what + describe(e, false),
                    reason(e) != Reason.TLS, e);
        }
    }

    /** Why an I/O failure left a request without an answer: TLS, a timeout, or no (whole) connection. */
    static Reason reason(Throwable e) {
        if (e instanceof javax.net.ssl.SSLHandshakeException || e instanceof javax.net.ssl.SSLPeerUnverifiedException) {
            return Reason.TLS;
        }
        return e instanceof SocketTimeoutException || e instanceof InterruptedIOException ? Reason.TIMEOUT
                : Reason.UNREACHABLE;
    }

    /**
     * A one-line description of an I/O failure, naming the node's address.
     *
     * @param health true for a health check (bounded by {@code timeout}), false for a read or a write
     *               (each wait for bytes bounded by {@code read-timeout})
     */
    String describe(Throwable e, boolean health) {
        String tls = TlsClient.describe(e, config);
        if (tls != null) {
            return tls;
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + config.location().getHost();
        }
        if (e instanceof ConnectException) {
            return "connection refused at " + config.location();
        }
        if (reason(e) == Reason.TIMEOUT) {
            return health ? "timed out after " + io.syncflux.core.api.GoDuration.format(config.requestTimeout())
                    + " at " + config.location()
                    : "timed out after " + io.syncflux.core.api.GoDuration.format(config.effectiveReadTimeout())
                    + " (read-timeout) at " + config.location();
        }
        String m = e.getMessage();
        return (m == null ? e.getClass().getSimpleName() : m) + " at " + config.location();
    }

    private static String abbreviate(String q) {
        String s = q.replace('\n', ' ');
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
