package dev.paperboy.web;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

/**
 * A response ready to send, and to keep in the {@link ResponseCache}. The body is gzip-compressed on the first
 * request that accepts gzip, and kept: a client that does not ask for gzip never pays for compressing.
 *
 * @param compressed holds the compressed body once computed
 */
record Rendered(int status, String contentType, byte[] body, Map<String, String> headers, AtomicReference<byte[]> compressed) {
    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";
    static final String MARKDOWN = "text/markdown; charset=utf-8";
    /** Responses differ by compression and, for paper pages, by Markdown/HTML negotiation. */
    static final String VARY = "Accept, Accept-Encoding";
    private static final int COMPRESS_FROM = 1_024;

    Rendered(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, new AtomicReference<>());
    }

    static Rendered html(byte[] body) {
        return new Rendered(200, HTML, body, Map.of());
    }

    static Rendered json(byte[] body, Map<String, String> headers) {
        return new Rendered(200, JSON, body, headers);
    }

    /** True when the client accepts gzip and the body is large enough to be worth compressing. */
    boolean gzipFor(String acceptEncoding) {
        return body.length >= COMPRESS_FROM && acceptEncoding != null && acceptEncoding.contains("gzip");
    }

    /** The body gzip-compressed (computed once, on first use), or null when it is too small to be worth it. */
    byte[] gzip() {
        if (body.length < COMPRESS_FROM) {
            return null;
        }
        byte[] done = compressed.get();
        if (done == null) {
            done = compress(body);
            compressed.compareAndSet(null, done);
        }
        return done;
    }

    void sendTo(Context ctx) {
        ctx.status(status);
        ctx.contentType(contentType);
        headers.forEach(ctx::header);
        ctx.header("Vary", VARY);
        if (gzipFor(ctx.header("Accept-Encoding"))) {
            ctx.header("Content-Encoding", "gzip");
            ctx.result(gzip());
        } else {
            ctx.result(body);
        }
    }

    // Compressed once per response, so a cached page costs no compression per request.
    private static byte[] compress(byte[] body) {
        var out = new ByteArrayOutputStream(body.length / 4);
        try (var gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
