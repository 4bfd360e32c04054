package dev.paperboy.web;

import io.javalin.http.Context;
import java.util.Map;

/** A response ready to send, and to keep in the {@link ResponseCache}. */
record Rendered(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";
    static final String MARKDOWN = "text/markdown; charset=utf-8";

    static Rendered html(byte[] body) {
        return new Rendered(200, HTML, body, Map.of());
    }

    static Rendered json(byte[] body, Map<String, String> headers) {
        return new Rendered(200, JSON, body, headers);
    }

    void sendTo(Context ctx) {
        ctx.status(status);
        ctx.contentType(contentType);
        headers.forEach(ctx::header);
        ctx.result(body);
    }
}
