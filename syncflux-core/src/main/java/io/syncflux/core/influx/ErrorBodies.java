package io.syncflux.core.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads the server's reason out of an error answer's body. */
final class ErrorBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorBodies() {
    }

    /**
     * The server's reason for an error answer, one line: the {@code error} string of a MessagePack
     * (queries) or JSON (writes) body, else the body as text; control characters become spaces, and
     * only a reason longer than 1000 characters is cut. Empty when there is no body.
     */
    static String reason(Response resp) {
        try {
            ResponseBody body = resp.body();
            if (body == null) {
                return "";
            }
            byte[] bytes = resp.peekBody(64 * 1024).bytes();
            // queries ask for MessagePack, so their errors come as {"error": "..."} in MessagePack too
            String type = resp.header("Content-Type", "");
            String s = type.startsWith("application/x-msgpack") ? msgpackError(bytes)
                    : type.startsWith("application/json") ? jsonError(bytes) : null;
            if (s == null) {
                s = new String(bytes, StandardCharsets.UTF_8);
            }
            s = s.replaceAll("\\p{Cntrl}", " ").trim();
            // the server's reason stays whole (a partial write names the field and both types); only junk is cut
            if (s.length() > 1000) {
                s = s.substring(0, 1000) + "...";
            }
            return s;
        } catch (IOException e) {
            return "";
        }
    }

    /** The {@code error} string of a JSON error body (writes answer in JSON), or null when it is not one. */
    private static String jsonError(byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            return n != null && n.path("error").isTextual() ? n.get("error").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The {@code error} string of a MessagePack error body, or null when it is not one. */
    private static String msgpackError(byte[] bytes) {
        // read field by field: a generic unpackValue would allocate whatever length the body claims
        try (org.msgpack.core.MessageUnpacker u = org.msgpack.core.MessagePack.newDefaultUnpacker(bytes)) {
            if (u.getNextFormat().getValueType() != org.msgpack.value.ValueType.MAP) {
                return null;
            }
            int n = u.unpackMapHeader();
            for (int i = 0; i < n && u.hasNext(); i++) {
                boolean isError;
                if (u.getNextFormat().getValueType() == org.msgpack.value.ValueType.STRING) {
                    isError = "error".equals(text(u, bytes.length));
                } else {
                    u.skipValue();
                    isError = false;
                }
                if (isError && u.getNextFormat().getValueType() == org.msgpack.value.ValueType.STRING) {
                    return text(u, bytes.length);
                }
                u.skipValue();
            }
        } catch (IOException | org.msgpack.core.MessagePackException e) {
            // not MessagePack after all: shown as text
        }
        return null;
    }

    /** A string no longer than the body holds (a longer claim is not MessagePack from a server). */
    private static String text(org.msgpack.core.MessageUnpacker u, int bodyLength) throws IOException {
        int len = u.unpackRawStringHeader();
        if (len < 0 || len > bodyLength) {
            throw new IOException("string of " + Integer.toUnsignedString(len) + " bytes in a body of " + bodyLength);
        }
        return new String(u.readPayload(len), StandardCharsets.UTF_8);
    }
}
