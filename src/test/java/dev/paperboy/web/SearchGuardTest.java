package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.community.RateLimitedException;
import dev.paperboy.search.SearchDoc;
import dev.paperboy.search.SearchBackend;
import dev.paperboy.search.SearchBackends;
import io.javalin.http.BadRequestResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bounds on what searches may cost: sizes, per-client limits, a bounded queue, and a cache. */
class SearchGuardTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-12-31T10:00:00Z"), ZoneOffset.UTC);

    private final AtomicInteger embedded = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch entered = new CountDownLatch(1);
    // The query "model" counts its calls and, while the gate is closed, holds the search thread inside it.
    private final SearchBackend index = SearchBackends.inMemory(this::embed, SearchBackend.Settings.DEFAULT);
    private SearchGuard guard;
    /** Clients of their own: the common pool may have a single thread on a small machine. */
    private final java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newCachedThreadPool();

    private SearchGuard guard(int perClient, String rate, int threads, int queue) {
        guard = new SearchGuard(index, new SearchGuard.Settings(1_000, 100, perClient, rate, threads, queue,
                Duration.ofMinutes(5), 8), index::version, CLOCK);
        // Search skips the query model while no paper has a vector, and the model is where these tests hold a search:
        // one paper with a vector orthogonal to every query's, so it never matches, not even by meaning.
        var orthogonal = new float[384];
        orthogonal[1] = 1;
        index.index(List.of(new SearchDoc("2401.00000", "Zebra stripes", "On the stripes of zebras", List.of("Bo"),
                List.of("q-bio.PE"), LocalDate.of(2024, 1, 1), 0, false, orthogonal)));
        index.commit();
        return guard;
    }

    private float[] embed(String text) {
        embedded.incrementAndGet();
        entered.countDown();
        try {
            gate.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        var vector = new float[384];
        vector[0] = 1;
        return vector;
    }

    @AfterEach
    void close() {
        gate.countDown();
        clients.shutdownNow();
        if (guard != null) {
            guard.close();
        }
        index.close();
    }

    private SearchBackend.Request request(String q) {
        return new SearchBackend.Request(guard.parse(q), SearchBackend.Filters.NONE, SearchBackend.Order.RELEVANCE,
                SearchBackend.Mode.HYBRID, 0, 10);
    }

    private void index(String id, String title) {
        index.index(List.of(new SearchDoc(id, title, "An abstract about " + title, List.of("Ada"), List.of("cs.LG"),
                LocalDate.of(2025, 12, 1), 0, false, null)));
        index.commit();
    }

    @Test
    void a_query_longer_than_the_limit_is_refused_with_the_limit_in_the_message() {
        guard(2, "100/1m", 1, 4);

        assertThatThrownBy(() -> guard.parse("a".repeat(1_001)))
                .isInstanceOf(BadRequestResponse.class).hasMessageContaining("1,000 characters");
        assertThatThrownBy(() -> guard.parse("word ".repeat(50) + "end", 250))
                .isInstanceOf(BadRequestResponse.class).hasMessageContaining("250 characters");
        assertThat(guard.parse("a".repeat(1_000)).words()).hasSize(1);
    }

    @Test
    void a_query_with_more_distinct_clauses_than_the_limit_is_refused_but_repeated_words_count_once() {
        guard(2, "100/1m", 1, 4);
        var many = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            many.append("w").append(i).append(' ');
        }

        assertThatThrownBy(() -> guard.parse(many.toString()))
                .isInstanceOf(BadRequestResponse.class).hasMessageContaining("at most 100").hasMessageContaining("not 101");
        assertThat(guard.parse("batch ".repeat(150)).words()).isNotEmpty();
    }

    @Test
    void a_repeated_search_is_answered_from_the_cache_until_the_index_changes() {
        guard(2, "100/1m", 1, 4);
        index("2501.00001", "Adaptive batch size");

        var first = guard.search("10.0.0.1", request("adaptive batch"));
        var again = guard.search("10.0.0.2", request("adaptive batch"));
        assertThat(again).isEqualTo(first);
        assertThat(embedded).hasValue(1);

        index("2501.00002", "Adaptive batch size schedules");
        var fresh = guard.search("10.0.0.1", request("adaptive batch"));
        assertThat(embedded).hasValue(2);
        assertThat(fresh.hits()).hasSize(2);
    }

    @Test
    void a_client_over_its_searches_in_flight_gets_a_429_while_another_client_is_served() throws Exception {
        guard(1, "100/1m", 2, 4);
        gate = new CountDownLatch(1);
        var running = CompletableFuture.supplyAsync(() -> guard.search("10.0.0.1", request("first")), clients);
        assertThat(entered.await(1, TimeUnit.MINUTES)).isTrue();

        assertThatThrownBy(() -> guard.search("10.0.0.1", request("second")))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfter()).isPositive());
        var other = CompletableFuture.supplyAsync(() -> guard.search("10.0.0.2", request("third")), clients);
        gate.countDown();
        assertThat(running.get(1, TimeUnit.MINUTES).total()).isZero();
        assertThat(other.get(1, TimeUnit.MINUTES).total()).isZero();
        assertThat(guard.search("10.0.0.1", request("fourth")).total()).isZero();
    }

    @Test
    void searches_beyond_the_queue_are_refused_with_a_429_not_queued_without_end() throws Exception {
        guard(10, "100/1m", 1, 1);
        gate = new CountDownLatch(1);
        var running = CompletableFuture.supplyAsync(() -> guard.search("10.0.0.1", request("one")), clients);
        assertThat(entered.await(1, TimeUnit.MINUTES)).isTrue();
        var queued = CompletableFuture.supplyAsync(() -> guard.search("10.0.0.2", request("two")), clients);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (guard.depth() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }

        assertThatThrownBy(() -> guard.search("10.0.0.3", request("three")))
                .isInstanceOf(RateLimitedException.class).hasMessageContaining("busy");
        gate.countDown();
        running.get(1, TimeUnit.MINUTES);
        queued.get(1, TimeUnit.MINUTES);
    }

    @Test
    void a_client_over_its_searches_per_minute_gets_a_429_but_cached_repeats_are_free() {
        guard(2, "2/1m", 1, 4);

        guard.search("10.0.0.1", request("one"));
        guard.search("10.0.0.1", request("two"));
        guard.search("10.0.0.1", request("one"));

        assertThatThrownBy(() -> guard.search("10.0.0.1", request("three")))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfter()).isPositive());
        assertThat(guard.search("10.0.0.2", request("three")).total()).isZero();
    }
}
