package io.syncflux.server;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A write relay run as its own process, like influxdb-relay: every {@code POST /write} is sent to each
 * backend in turn; the answer is 204 when at least one backend took it, and a backend that fails or does
 * not answer within a second simply misses the write (no buffering). {@code /ping} answers 204.
 *
 * <p>Usage: {@code TestRelay <port> <backend-url>...}; it prints {@code relay ready} once listening.
 */
public final class TestRelay {
    private TestRelay() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        List<String> backends = new ArrayList<>(List.of(args).subList(1, args.length));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/ping", ex -> {
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.createContext("/write", ex -> {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String query = ex.getRequestURI().getRawQuery();
            int ok = 0;
            String last = "no backend";
            for (String b : backends) {
                HttpRequest r = HttpRequest.newBuilder(URI.create(b + "write?" + query))
                        .timeout(Duration.ofSeconds(1)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                try {
                    HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString());
                    if (resp.statusCode() == 204) {
                        ok++;
                    } else {
                        last = resp.statusCode() + " " + resp.body();
                    }
                } catch (IOException e) {
                    last = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] answer = ok > 0 ? new byte[0] : last.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ok > 0 ? 204 : 503, ok > 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(answer);
                }
            }
            ex.close();
        });
        server.start();
        System.out.println("relay ready");
        System.out.flush();
    }
}
