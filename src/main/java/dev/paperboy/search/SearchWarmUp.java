package dev.paperboy.search;

import dev.paperboy.search.SearchBackend.Filters;
import dev.paperboy.search.SearchBackend.Mode;
import dev.paperboy.search.SearchBackend.Order;
import dev.paperboy.search.SearchBackend.Request;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Searches as users do before users do, once after the server starts. A new JVM runs its first searches in the
 * interpreter and reads the index from disk: measured on 74,728 papers, the first few hundred searches took 80–400 ms
 * each instead of ~10, and at 30 searches/s the first minute's p99 was 3.4 s (one waited 11 s). Until the warm-up
 * has run, or {@link #LIMIT} has passed, {@code /readyz} says the node is not ready, so a balancer waits for it;
 * requests that arrive anyway are served.
 */
public final class SearchWarmUp {
    /** How long the warm-up may keep a node unready, however slow the machine. */
    public static final Duration LIMIT = Duration.ofSeconds(60);

    private final SearchBackend search;
    private final List<String> queries;
    private final Clock clock;
    private final AtomicInteger ran = new AtomicInteger();
    private volatile Instant started;

    /** @param titles papers' titles: each is searched whole, and by its first two words */
    public SearchWarmUp(SearchBackend search, List<String> titles, Clock clock) {
        this.search = search;
        this.clock = clock;
        var list = new ArrayList<String>();
        for (String title : titles) {
            String text = title.replaceAll("[^\\p{L}\\p{N}\\s-]", " ").strip();
            if (text.isEmpty()) {
                continue;
            }
            list.add(text);
            String[] words = text.split("\\s+");
            if (words.length > 2) {
                list.add(words[0] + " " + words[1]);
            }
        }
        this.queries = List.copyOf(list);
    }

    /** Runs the next search, as the API runs one (hybrid, 20 hits with highlights); returns 0 once done. */
    public int step() {
        if (started == null) {
            started = clock.instant();
        }
        if (done()) {
            return 0;
        }
        String query = queries.get(ran.get());
        search.search(new Request(QuerySyntax.parse(query), Filters.NONE, Order.RELEVANCE, Mode.HYBRID, 0, 20));
        ran.incrementAndGet();
        return 1;
    }

    public boolean done() {
        return ran.get() >= queries.size() || started != null && clock.instant().isAfter(started.plus(LIMIT));
    }

    /** For {@code /readyz}: how far it got. */
    public String describe() {
        return String.format("%d of %d searches run%s", ran.get(), queries.size(),
                done() && ran.get() < queries.size() ? " (stopped at the time limit)" : "");
    }
}
