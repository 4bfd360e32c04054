package dev.paperboy.digest;

import dev.paperboy.paper.Listing;
import dev.paperboy.search.PaperSearch;
import dev.paperboy.search.QuerySyntax;
import dev.paperboy.search.SearchDoc;
import dev.paperboy.search.SearchIndex;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One period's papers, ranked by the trending score, from which every subscriber's digest is cut. Saved searches
 * run against a small in-memory index of just these papers (the site's analysers and query syntax, without the
 * server's index, which another process may hold), once per distinct query per run.
 */
public final class Edition implements AutoCloseable {
    private final DigestPeriod period;
    private final List<Listing> ranked;
    private final ConcurrentHashMap<String, Set<String>> matches = new ConcurrentHashMap<>();
    private SearchIndex index;
    private PaperSearch search;

    Edition(DigestPeriod period, List<Listing> ranked) {
        this.period = period;
        this.ranked = List.copyOf(ranked);
    }

    public DigestPeriod period() {
        return period;
    }

    /** The period's papers, highest trending score first. */
    public List<Listing> ranked() {
        return ranked;
    }

    /** The papers for these preferences, best first, at most {@code max}. */
    public List<Listing> select(Preferences preferences, int max) {
        Set<String> matching = preferences.query() == null ? null : matching(preferences.query());
        return ranked.stream()
                .filter(l -> preferences.wantsCategories(l.paper().categories()))
                .filter(l -> matching == null || matching.contains(l.paper().id()))
                .limit(max)
                .toList();
    }

    private Set<String> matching(String query) {
        return matches.computeIfAbsent(query, q -> {
            var hits = search().search(new PaperSearch.Request(QuerySyntax.parse(q), PaperSearch.Filters.NONE,
                    PaperSearch.Order.RELEVANCE, PaperSearch.Mode.BM25, 0, Math.max(1, ranked.size())));
            var ids = new HashSet<String>();
            hits.hits().forEach(h -> ids.add(h.id()));
            return ids;
        });
    }

    private synchronized PaperSearch search() {
        if (search == null) {
            index = SearchIndex.inMemory();
            index.add(ranked.stream().map(l -> {
                var p = l.paper();
                return new SearchDoc(p.id(), p.title(), p.abstractText(), p.authors(), p.categories(), p.published(),
                        l.upvotes(), l.hasCode(), null);
            }).toList());
            index.refresh();
            search = new PaperSearch(index, null, PaperSearch.Settings.DEFAULT);
        }
        return search;
    }

    @Override
    public synchronized void close() {
        if (index != null) {
            index.close();
        }
    }
}
