package dev.paperboy.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Keeps rendered public GET responses for a short time, for visitors who are not signed in. Feed pages and API lists are read far more often than the
 * catalogue changes, so rendering each once per interval, not once per request, is what lets one small machine
 * serve them at network speed. An import in another process shows up within one interval.
 *
 * <p>A miss renders inside Javalin ({@link #serve}); a hit is answered by {@link #fastPath()}, a Jetty handler in
 * front of Javalin that writes the stored bytes without entering the servlet layer at all.
 */
final class ResponseCache {
    private final Cache<String, Entry> cache;

    /**
     * A cached response with its bodies also in direct (off-heap) buffers: Jetty writes those to the socket without
     * first copying them out of the Java heap, which is most of the cost of a large cached response.
     */
    private record Entry(Rendered rendered, ByteBuffer body, AtomicReference<ByteBuffer> compressed) {
        static Entry of(Rendered rendered) {
            return new Entry(rendered, direct(rendered.body()), new AtomicReference<>());
        }

        // Compressed on the first hit that asks for gzip, not when stored: most API clients never ask.
        ByteBuffer gzip() {
            ByteBuffer done = compressed.get();
            if (done == null) {
                done = direct(rendered.gzip());
                compressed.compareAndSet(null, done);
            }
            return done;
        }

        private static ByteBuffer direct(byte[] bytes) {
            return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
        }
    }

    ResponseCache(Duration ttl) {
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
    }

    void serve(Context ctx, Supplier<Rendered> render) {
        if (Security.visitor(ctx).signedIn()) {
            // A member's page shows their votes and name: rendered for them alone, never stored or shared.
            render.get().sendTo(ctx);
            return;
        }
        String key = key(ctx.path(), ctx.queryString(), ctx.header("Accept"));
        cache.get(key, k -> Entry.of(render.get())).rendered().sendTo(ctx);
    }

    void clear() {
        cache.invalidateAll();
    }

    Handler.Wrapper fastPath() {
        return new Handler.Wrapper() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Entry entry = request.getMethod().equals("GET") && !hasSession(request)
                        ? cache.getIfPresent(key(request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                                request.getHeaders().get(HttpHeader.ACCEPT)))
                        : null;
                if (entry == null) {
                    return super.handle(request, response, callback);
                }
                Rendered hit = entry.rendered();
                boolean gzip = hit.gzipFor(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING));
                ByteBuffer body = (gzip ? entry.gzip() : entry.body()).duplicate();
                response.setStatus(hit.status());
                var headers = response.getHeaders();
                headers.put(HttpHeader.CONTENT_TYPE, hit.contentType());
                hit.headers().forEach(headers::put);
                headers.put(HttpHeader.VARY, "Accept-Encoding");
                if (gzip) {
                    headers.put(HttpHeader.CONTENT_ENCODING, "gzip");
                }
                headers.put(HttpHeader.CONTENT_LENGTH, body.remaining());
                headers.put("X-Cache", "hit");
                response.write(true, body, callback);
                return true;
            }
        };
    }

    private static boolean hasSession(Request request) {
        String cookies = request.getHeaders().get(HttpHeader.COOKIE);
        return cookies != null && cookies.contains(Security.SESSION + "=");
    }

    private static String key(String path, String query, String accept) {
        // Only the Markdown negotiation of paper pages varies by Accept; every other Accept gets the same bytes.
        boolean markdown = accept != null && accept.contains("text/markdown");
        return path + (query == null ? "" : "?" + query) + (markdown ? "|md" : "");
    }
}
