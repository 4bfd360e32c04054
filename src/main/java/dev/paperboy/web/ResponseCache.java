package dev.paperboy.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Keeps rendered public GET responses for a short time. Feed pages and API lists are read far more often than the
 * catalogue changes, so rendering each once per interval, not once per request, is what lets one small machine
 * serve them at network speed. An import in another process shows up within one interval.
 */
final class ResponseCache {
    private final Cache<String, Rendered> cache;

    ResponseCache(Duration ttl) {
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
    }

    void serve(Context ctx, Supplier<Rendered> render) {
        String query = ctx.queryString();
        String accept = ctx.header("Accept");
        boolean markdown = accept != null && accept.contains("text/markdown");
        String key = ctx.path() + (query == null ? "" : "?" + query) + (markdown ? "|md" : "");
        Rendered rendered = cache.get(key, k -> render.get());
        rendered.sendTo(ctx);
    }

    void clear() {
        cache.invalidateAll();
    }
}
