package io.syncflux.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.syncflux.core.config.PemFiles;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TLS front end that demands a client certificate signed by the test CA and passes every request on to a
 * real {@code influxd}, as an nginx with {@code ssl_verify_client on} does in front of users' servers
 * ({@code influxd} 1.x itself cannot ask for client certificates). Start it, point a node at
 * {@link #url()}, close it.
 */
public final class ClientCertProxy implements AutoCloseable {
    private static final Set<String> HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive");
    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient client;
    private final String target;

    private ClientCertProxy(Influxd backend, TestCertificates pki) throws IOException, GeneralSecurityException {
        this.target = backend.url();
        TrustManager[] caOnly = {PemFiles.trustManager(pki.ca(), "test CA")};
        SSLContext serverCtx = SSLContext.getInstance("TLS");
        serverCtx.init(PemFiles.keyManagers(pki.serverCert(), pki.serverKey(), "test server"), caOnly, null);
        SSLContext clientCtx = SSLContext.getInstance("TLS");
        clientCtx.init(null, caOnly, null);
        this.client = HttpClient.newBuilder().sslContext(clientCtx).connectTimeout(Duration.ofSeconds(5)).build();
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(serverCtx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", this::forward);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a front end of {@code backend}, with the server certificate and CA of {@code pki}. */
    public static ClientCertProxy start(Influxd backend, TestCertificates pki) {
        try {
            return new ClientCertProxy(backend, pki);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code https://127.0.0.1:port/}. */
    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI().toString()
                            .substring(1))).timeout(Duration.ofSeconds(30))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!HOP.contains(k.toLowerCase(Locale.ROOT))) {
                    vs.forEach(v -> b.header(k, v));
                }
            });
            HttpResponse<InputStream> r;
            try {
                r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(502, -1);
                return;
            }
            r.headers().map().forEach((k, vs) -> {
                if (!HOP.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                    ex.getResponseHeaders().put(k, List.copyOf(vs));
                }
            });
            boolean empty = r.statusCode() == 204 || ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(r.statusCode(), empty ? -1 : 0);
            try (InputStream in = r.body(); OutputStream out = ex.getResponseBody()) {
                if (!empty) {
                    in.transferTo(out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
