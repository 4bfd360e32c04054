package dev.paperboy.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.paperboy.Config;
import dev.paperboy.ThreadPriority;
import dev.paperboy.community.RateLimitedException;
import dev.paperboy.community.RateLimiter;
import dev.paperboy.search.ParsedQuery;
import dev.paperboy.search.SearchBackend;
import dev.paperboy.search.QuerySyntax;
import io.javalin.http.BadRequestResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Bounds the work that searches can cause, so that search abuse cannot starve page views and health checks.
 *
 * <p>A search is CPU work (BM25 over many terms, embedding the query, highlighting): on a virtual thread it holds a
 * carrier thread until it ends, and with a carrier per core a few long searches leave none for anyone else. So
 * searches run on a pool of platform threads, one per core at a lower scheduling priority than the carriers
 * ({@link ThreadPriority#SEARCH}), and the request's virtual thread only waits: searches use every core the
 * requests leave idle, and a page view or health check that arrives meanwhile is scheduled first. Around that: a
 * query is refused (400) past a length or a number of clauses; each client has a few searches in flight and a number
 * per minute (429 with {@code Retry-After}); a full queue is a 429 too; and repeated searches are answered from a
 * cache keyed by the index version, so that any change the index sees (a vote's count, an import from another
 * process) starts a fresh entry.
 */
public final class SearchGuard implements AutoCloseable {
    /** What {@code search.*} and {@code ratelimit.search} configure. */
    public record Settings(int maxLength, int maxClauses, int perClient, String ratePerClient, int threads, int queue,
            Duration cacheTtl, int cacheMegabytes) {

        public static Settings from(Config config) {
            // 0: one per core; below 0: no pool, searches run on the request's thread (to measure the difference).
            int threads = config.integer("search.threads");
            return new Settings(config.integer("search.max-query-length"), config.integer("search.max-clauses"),
                    config.integer("search.per-client"), config.string("ratelimit.search"),
                    threads != 0 ? threads : Runtime.getRuntime().availableProcessors(),
                    config.integer("search.queue"), config.duration("search.cache-ttl"),
                    config.integer("search.cache-mb"));
        }
    }

    private final SearchBackend search;
    private final Settings settings;
    private final LongSupplier indexVersion;
    private final RateLimiter rate;
    private final ThreadPoolExecutor pool;
    private final Cache<Key, SearchBackend.Result> cache;
    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    private record Key(long indexVersion, SearchBackend.Request request) {}

    public SearchGuard(SearchBackend search, Settings settings, LongSupplier indexVersion, Clock clock) {
        this.search = search;
        this.settings = settings;
        this.indexVersion = indexVersion;
        this.rate = RateLimiter.parse("search", settings.ratePerClient(), clock);
        this.pool = settings.threads() < 0 ? null : new ThreadPoolExecutor(settings.threads(), settings.threads(), 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(Math.max(1, settings.queue())),
                lowered(Thread.ofPlatform().name("search-", 0).daemon().factory()), new ThreadPoolExecutor.AbortPolicy());
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(settings.cacheTtl())
                // By size, not by count: a page of 100 highlighted hits is ~0.5 MB, and 2,000 of them (the bound this
                // replaced) held 190 MB of a 512 MB heap under a search soak.
                .maximumWeight(settings.cacheMegabytes() * 1024L * 1024L)
                .weigher((Key key, SearchBackend.Result result) -> result.approximateBytes())
                .ticker(() -> clock.millis() * 1_000_000L)
                .build();
    }

    private static java.util.concurrent.ThreadFactory lowered(java.util.concurrent.ThreadFactory factory) {
        return task -> factory.newThread(() -> {
            ThreadPriority.lowerCurrent(ThreadPriority.SEARCH);
            task.run();
        });
    }

    /**
     * Reads a query from the search box or the API.
     *
     * @throws BadRequestResponse when the query is longer than {@code maxLength} characters or has more clauses
     *     (distinct words, phrases, exclusions, authors and categories) than {@code search.max-clauses}
     */
    public ParsedQuery parse(String q, int maxLength) {
        int limit = Math.min(maxLength, settings.maxLength());
        if (q.length() > limit) {
            throw new BadRequestResponse(String.format(
                    "q must be at most %,d characters, not %,d. Search for the words that matter most.", limit, q.length()));
        }
        ParsedQuery parsed = QuerySyntax.parse(q);
        var distinct = new HashSet<String>();
        parsed.words().forEach(w -> distinct.add(w.toLowerCase(java.util.Locale.ROOT)));
        int clauses = distinct.size() + parsed.phrases().size() + parsed.excluded().size() + parsed.authors().size()
                + parsed.categories().size();
        if (clauses > settings.maxClauses()) {
            throw new BadRequestResponse(String.format(
                    "A query may have at most %d words, phrases and filters, not %d. Search for the words that matter most.",
                    settings.maxClauses(), clauses));
        }
        return parsed;
    }

    /** {@link #parse(String, int)} with the configured length limit. */
    public ParsedQuery parse(String q) {
        return parse(q, Integer.MAX_VALUE);
    }

    /**
     * Runs a search for {@code client} (its address), from the cache when the same search ran on the same index.
     *
     * @throws RateLimitedException when the client has too many searches in flight or this minute, or the queue is full
     */
    public SearchBackend.Result search(String client, SearchBackend.Request request) {
        var key = new Key(indexVersion.getAsLong(), request);
        SearchBackend.Result cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        AtomicInteger mine = inFlight.computeIfAbsent(client, c -> new AtomicInteger());
        try {
            if (mine.incrementAndGet() > settings.perClient()) {
                throw new RateLimitedException("You have " + settings.perClient()
                        + " searches running already; wait for them to finish.", Duration.ofSeconds(1));
            }
            rate.acquire("ip:" + client);
            SearchBackend.Result result = onPool(request);
            cache.put(key, result);
            return result;
        } finally {
            if (mine.decrementAndGet() == 0) {
                inFlight.remove(client, mine);
            }
        }
    }

    private SearchBackend.Result onPool(SearchBackend.Request request) {
        if (pool == null) {
            return search.search(request);
        }
        Future<SearchBackend.Result> future;
        try {
            future = pool.submit(() -> search.search(request));
        } catch (RejectedExecutionException e) {
            throw new RateLimitedException("The server is busy with other searches. Try again in a few seconds.",
                    Duration.ofSeconds(2));
        }
        waiting.incrementAndGet();
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while searching", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Searches queued or running now: a gauge for {@code /metrics}. */
    public int depth() {
        return waiting.get();
    }

    /** Forgets every cached result. */
    public void invalidate() {
        cache.invalidateAll();
    }

    /**
     * Stops taking searches and waits for those running: a search thread may be inside the query model's native
     * code, which must not be closed under it.
     */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("searches still running after a minute");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
