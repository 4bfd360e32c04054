package dev.paperboy.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *
 * <p>Past half the interval an entry is stale, not gone: the first request to find it renders the page anew while
 * every other request is still answered with the stale bytes (HTTP's stale-while-revalidate), until the interval
 * ends. Otherwise all the readers of a busy page would queue behind its render each time it expires — on a large
 * catalogue, the slowest 1 % of feed requests. No response is ever older than the interval.
 */
final class ResponseCache {
    private final Cache<String, Entry> cache;

    /**
     * A cached response with its bodies also in direct (off-heap) buffers: Jetty writes those to the socket without
     * first copying them out of the Java heap, which is most of the cost of a large cached response. The copies are
     * made by the first hit, not when stored: most searches are never asked for twice, and allocating (and zeroing)
     * a direct buffer for each was 3 % of a search request's CPU.
     */
    private record Entry(Rendered rendered, AtomicReference<ByteBuffer> plain, AtomicReference<ByteBuffer> compressed,
            String route, long storedAt, AtomicBoolean refreshing) {
        static Entry of(Rendered rendered, String route, long now) {
            return new Entry(rendered, new AtomicReference<>(), new AtomicReference<>(), route, now, new AtomicBoolean());
        }

        ByteBuffer body() {
            return once(plain, rendered::body);
        }

        /** The body and its compressed copy (about a fifth of it), each on the heap and in a direct buffer. */
        int bytes() {
            int body = rendered.body().length;
            return 512 + 2 * (body + body / 5);
        }

        /** Whether this request should render the page anew: true for one request once the entry is stale. */
        boolean claimRefresh(long now, long freshMillis) {
            return now - storedAt >= freshMillis && refreshing.compareAndSet(false, true);
        }

        // Compressed on the first hit that asks for gzip, not when stored: most API clients never ask.
        ByteBuffer gzip() {
            return once(compressed, rendered::gzip);
        }

        /** The buffer made by the first caller; a racing second one's copy is dropped. */
        private static ByteBuffer once(AtomicReference<ByteBuffer> made, java.util.function.Supplier<byte[]> bytes) {
            ByteBuffer done = made.get();
            if (done == null) {
                made.compareAndSet(null, direct(bytes.get()));
                done = made.get();
            }
            return done;
        }

        private static ByteBuffer direct(byte[] bytes) {
            return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
        }
    }

    /**
     * What the stored responses may hold, heap and direct buffers together. Bounded by count (10,000 before), a
     * search soak of distinct queries kept every answer of the interval, each held twice: at 100 searches/s and a
     * 10-second interval, a thousand answers of tens of kilobytes each, none of them asked for again.
     */
    private static final long MAX_BYTES = 48L << 20;

    private final SecurityHeaders headers;
    private final long freshMillis;
    private final Clock clock;

    ResponseCache(Duration ttl, Clock clock, SecurityHeaders headers) {
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl)
                .maximumWeight(MAX_BYTES).weigher((String key, Entry entry) -> entry.bytes())
                .ticker(() -> clock.millis() * 1_000_000L).build();
        this.headers = headers;
        this.freshMillis = ttl.toMillis() / 2;
        this.clock = clock;
    }

    /**
     * Whether a client asking with this {@code Accept} header gets a paper page as Markdown. The cache key and the
     * page both use this one decision, so a Markdown request can never be answered with a cached HTML page.
     */
    static boolean wantsMarkdown(String accept) {
        return accept != null && accept.strip().startsWith("text/markdown");
    }

    void serve(Context ctx, Supplier<Rendered> render) {
        if (Security.visitor(ctx).signedIn() || ctx.header("Authorization") != null) {
            // A member's page shows their votes and name: rendered for them alone, never stored or shared.
            render.get().sendTo(ctx);
            return;
        }
        String key = key(ctx.path(), ctx.queryString(), ctx.header("Accept"));
        Entry stale = cache.getIfPresent(key);
        if (stale != null && (stale.refreshing().get() || stale.claimRefresh(clock.millis(), freshMillis))) {
            // This request refreshes the entry (the fast path let it through, or it is a HEAD): render, then share.
            Entry fresh = Entry.of(render.get(), WebServer.route(ctx), clock.millis());
            cache.asMap().replace(key, stale, fresh);
            fresh.rendered().sendTo(ctx);
            return;
        }
        cache.get(key, k -> Entry.of(render.get(), WebServer.route(ctx), clock.millis())).rendered().sendTo(ctx);
    }

    void clear() {
        cache.invalidateAll();
    }

    Handler.Wrapper fastPath() {
        return new Handler.Wrapper() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                // Every response, whatever answers it below (a hit, a page, an error, a static file), gets these.
                headers.addTo(request, response);
                if (request.getMethod().equals("HEAD")) {
                    // HEAD is GET without the body: the same route, the same status and headers. Jetty leaves the body
                    // out because the request on the wire was HEAD.
                    request = new Request.Wrapper(request) {
                        @Override
                        public String getMethod() {
                            return "GET";
                        }
                    };
                }
                Entry entry = request.getMethod().equals("GET") && !hasCredentials(request)
                        ? cache.getIfPresent(key(request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                                request.getHeaders().get(HttpHeader.ACCEPT)))
                        : null;
                if (entry == null || entry.claimRefresh(clock.millis(), freshMillis)) {
                    return super.handle(request, response, callback);
                }
                Operations.route(request.getAttribute(Operations.ROUTE), entry.route());
                Rendered hit = entry.rendered();
                boolean gzip = hit.gzipFor(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING));
                ByteBuffer body = (gzip ? entry.gzip() : entry.body()).duplicate();
                response.setStatus(hit.status());
                var out = response.getHeaders();
                out.put(HttpHeader.CONTENT_TYPE, hit.contentType());
                hit.headers().forEach(out::put);
                out.put(HttpHeader.VARY, Rendered.VARY);
                if (gzip) {
                    out.put(HttpHeader.CONTENT_ENCODING, "gzip");
                }
                out.put(HttpHeader.CONTENT_LENGTH, body.remaining());
                out.put("X-Cache", "hit");
                response.write(true, body, callback);
                return true;
            }
        };
    }

    /**
     * A request that names someone (a session cookie, or any {@code Authorization} header) is never answered from
     * the cache: it must go through {@link Security}, which refuses an unknown or revoked token with 401.
     */
    private static boolean hasCredentials(Request request) {
        if (request.getHeaders().get(HttpHeader.AUTHORIZATION) != null) {
            return true;
        }
        String cookies = request.getHeaders().get(HttpHeader.COOKIE);
        return cookies != null && cookies.contains(Security.SESSION + "=");
    }

    /**
     * Everything a cached response depends on: path, query and the negotiated representation. Absolute links in
     * responses come from {@code server.base-url}, never from the request's {@code Host}, so the host is not part of
     * it; only the Markdown negotiation of paper pages varies by {@code Accept}.
     */
    private static String key(String path, String query, String accept) {
        return path + (query == null ? "" : "?" + query) + (wantsMarkdown(accept) ? "|md" : "");
    }
}
