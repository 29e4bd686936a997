package io.syncflux.examples;

import io.syncflux.core.HaMonitor;
import io.syncflux.core.config.GeneralConfig;
import io.syncflux.core.config.NodeConfig;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A small InfluxDB 1.x write relay with an embedded {@link HaMonitor}, in front of a master and a
 * slave node:
 *
 * <ul>
 *   <li>{@code POST /write?db=..&rp=..&precision=..&u=..&p=..} sends the body to both nodes at once,
 *       query string untouched. It answers 204 when at least one node took it; a node that fails is
 *       skipped (the monitor notices it is down and later copies what it missed from the master).
 *       When no node took it, the client gets the answer of a node that rejected it (e.g. 400 for
 *       bad line protocol, 404 for a missing database), or 503 when none answered.</li>
 *   <li>{@code GET|POST /query} goes to the first of {@code monitor.status().activeNodes()} (the
 *       master while it answers its health checks, else the slave); if that node does not answer,
 *       to the next one.</li>
 *   <li>{@code /ping} answers 204.</li>
 * </ul>
 *
 * <pre>
 * java -cp ... io.syncflux.examples.EmbeddedRelayExample 9096 http://10.0.0.1:8086/ http://10.0.0.2:8086/
 * curl -XPOST 'http://localhost:9096/write?db=telegraf' --data-binary 'cpu,host=a usage=1.5'
 * curl 'http://localhost:9096/query?db=telegraf' --data-urlencode 'q=SELECT * FROM cpu'
 * </pre>
 *
 * <p>The relay creates no schema: create each database on both nodes (or with {@code replicaschema}).
 * It buffers each request and answer in memory, and the monitor keeps what the slave owes in memory
 * only (see {@link HaMonitor.Builder#journal} to keep it across restarts).
 */
public final class EmbeddedRelayExample implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRelayExample.class);
    /** Request headers passed on to the nodes (the rest is the HTTP client's business). */
    private static final List<String> FORWARDED = List.of("Authorization", "Content-Type", "Content-Encoding",
            "Accept");

    private final Map<String, NodeConfig> nodes = new LinkedHashMap<>();
    private final HaMonitor monitor;
    private final int requestedPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Undertow undertow;
    private int port = -1;

    /**
     * @param master   the node queries prefer and the monitor recovers the slave from
     * @param slave    the node the monitor recovers after an outage
     * @param settings the monitor's intervals and copy settings (see {@link #checksEvery})
     * @param port     the port to listen on (loopback), 0 for a free one
     */
    public EmbeddedRelayExample(NodeConfig master, NodeConfig slave, GeneralConfig settings, int port) {
        nodes.put(master.name(), master);
        nodes.put(slave.name(), slave);
        this.monitor = HaMonitor.builder().master(master).slave(slave).settings(settings).build();
        this.requestedPort = port;
    }

    /** The defaults with every monitor interval (check, evaluate, retry, retry delay) set to {@code every}. */
    public static GeneralConfig checksEvery(Duration every) {
        return GeneralConfig.defaults().toBuilder().checkInterval(every).minSyncInterval(every)
                .monitorRetryInterval(every).rwRetryDelay(every).build();
    }

    /**
     * Runs a relay until the JVM is stopped.
     *
     * @param args port, master URL, slave URL
     */
    public static void main(String[] args) throws InterruptedException {
        ExampleArgs.require(args, 3, "EmbeddedRelayExample <port> <master-url> <slave-url>");
        EmbeddedRelayExample relay = new EmbeddedRelayExample(NodeConfig.of("master", args[1]),
                NodeConfig.of("slave", args[2]), checksEvery(Duration.ofSeconds(2)), Integer.parseInt(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(relay::stop, "relay-shutdown"));
        relay.start();
        System.out.println("relay listening on http://127.0.0.1:" + relay.port() + "/");
        Thread.currentThread().join();
    }

    /** Starts the monitor and the HTTP listener; returns this. */
    public synchronized EmbeddedRelayExample start() {
        monitor.start();
        undertow = Undertow.builder()
                .addHttpListener(requestedPort, "127.0.0.1")
                .setServerOption(UndertowOptions.DECODE_URL, false) // the query string is passed on as sent
                .setHandler(this::handle)
                .build();
        undertow.start();
        port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        return this;
    }

    /** The bound port, or -1 before {@link #start()}. */
    public synchronized int port() {
        return port;
    }

    /** The embedded monitor: its {@code status()} tells the cluster state and the active nodes. */
    public HaMonitor monitor() {
        return monitor;
    }

    /** Stops listening, then stops the monitor. Idempotent. */
    public synchronized void stop() {
        if (undertow != null) {
            undertow.stop();
            undertow = null;
        }
        monitor.stop();
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpServerExchange ex) throws IOException {
        if (ex.isInIoThread()) {
            ex.dispatch(this::handle); // forwarding blocks: leave the IO thread
            return;
        }
        ex.startBlocking();
        HttpString method = ex.getRequestMethod();
        switch (ex.getRequestPath()) {
            case "/ping" -> answer(ex, 204, null, "");
            case "/write" -> {
                if (method.equals(Methods.POST)) {
                    write(ex, ex.getInputStream().readAllBytes());
                } else {
                    answer(ex, 405, "application/json", "{\"error\":\"use POST\"}");
                }
            }
            case "/query" -> {
                if (method.equals(Methods.GET) || method.equals(Methods.POST)) {
                    query(ex, ex.getInputStream().readAllBytes());
                } else {
                    answer(ex, 405, "application/json", "{\"error\":\"use GET or POST\"}");
                }
            }
            default -> answer(ex, 404, "application/json", "{\"error\":\"not found\"}");
        }
    }

    private void write(HttpServerExchange ex, byte[] body) {
        Map<String, CompletableFuture<HttpResponse<String>>> calls = new LinkedHashMap<>();
        nodes.forEach((name, n) -> calls.put(name, http.sendAsync(forward(ex, n, body),
                HttpResponse.BodyHandlers.ofString())));
        HttpResponse<String> rejected = null;
        boolean taken = false;
        for (Map.Entry<String, CompletableFuture<HttpResponse<String>>> call : calls.entrySet()) {
            try {
                HttpResponse<String> r = call.getValue().join();
                if (r.statusCode() / 100 == 2) {
                    taken = true;
                } else {
                    rejected = r;
                    LOG.warn("{} rejected a write: {} {}", call.getKey(), r.statusCode(), r.body().trim());
                }
            } catch (CompletionException e) {
                LOG.warn("write skipped {}: {}", call.getKey(), e.getCause().toString());
            }
        }
        if (taken) {
            answer(ex, 204, null, "");
        } else if (rejected != null) {
            answer(ex, rejected.statusCode(), rejected.headers().firstValue("Content-Type").orElse(null),
                    rejected.body());
        } else {
            answer(ex, 503, "application/json", "{\"error\":\"no node answered the write\"}");
        }
    }

    private void query(HttpServerExchange ex, byte[] body) {
        for (String name : monitor.status().activeNodes()) {
            try {
                HttpResponse<byte[]> r = http.send(forward(ex, nodes.get(name), body),
                        HttpResponse.BodyHandlers.ofByteArray());
                ex.setStatusCode(r.statusCode());
                r.headers().firstValue("Content-Type").ifPresent(t -> ex.getResponseHeaders().put(Headers.CONTENT_TYPE, t));
                ex.getResponseSender().send(ByteBuffer.wrap(r.body()));
                return;
            } catch (IOException e) {
                LOG.warn("query to {} failed, trying the next active node: {}", name, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        answer(ex, 503, "application/json", "{\"error\":\"no active node answered\"}");
    }

    /** The same method, path, query string, body and relevant headers, sent to {@code node}. */
    private static HttpRequest forward(HttpServerExchange ex, NodeConfig node, byte[] body) {
        String query = ex.getQueryString();
        String target = ex.getRequestPath().substring(1) + (query == null || query.isEmpty() ? "" : "?" + query);
        HttpRequest.Builder b = HttpRequest.newBuilder(node.location().resolve(target))
                .method(ex.getRequestMethod().toString(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (!node.timeout().isZero()) {
            b.timeout(node.timeout());
        }
        for (String h : FORWARDED) {
            HeaderValues v = ex.getRequestHeaders().get(h);
            if (v != null) {
                v.forEach(value -> b.header(h, value));
            }
        }
        return b.build();
    }

    private static void answer(HttpServerExchange ex, int status, String contentType, String body) {
        ex.setStatusCode(status);
        if (contentType != null) {
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        }
        ex.getResponseSender().send(body);
    }
}
