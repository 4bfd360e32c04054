package dev.paperboy.digest;

import dev.paperboy.paper.Listing;
import dev.paperboy.search.QuerySyntax;
import dev.paperboy.search.SearchBackend;
import dev.paperboy.search.SearchBackends;
import dev.paperboy.search.SearchDoc;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One period's papers, ranked by the trending score, from which every subscriber's digest is cut. Saved searches
 * run on a small in-memory search backend of just these papers ({@link SearchBackend#matching}: the site's
 * analysers and query syntax, every matching paper however many; not the server's index, which another process
 * may hold, nor a cluster that may still be indexing them), once per distinct query per run.
 */
public final class Edition implements AutoCloseable {
    private final DigestPeriod period;
    private final List<Listing> ranked;
    /**
     * How close (cosine of embeddings) a paper must be to one in the member's library to join their digest. e5's
     * cosines crowd high (unrelated abstracts ~0.7, papers on one topic ~0.85 and up).
     */
    static final double SIMILAR_MIN = 0.85;
    /** At most this many papers join a digest for being like the library. */
    static final int SIMILAR_MAX = 3;

    private final ConcurrentHashMap<String, Set<String>> matches = new ConcurrentHashMap<>();
    private final java.util.function.Function<List<String>, java.util.Map<String, float[]>> vectorsOf;
    private java.util.Map<String, float[]> rankedVectors;
    private SearchBackend search;

    /** @param vectorsOf the stored embeddings of some papers (those without one are left out) */
    Edition(DigestPeriod period, List<Listing> ranked,
            java.util.function.Function<List<String>, java.util.Map<String, float[]>> vectorsOf) {
        this.period = period;
        this.ranked = List.copyOf(ranked);
        this.vectorsOf = vectorsOf;
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

    /**
     * {@code chosen} with up to {@value #SIMILAR_MAX} of the period's papers nearest to the library's (by embedding,
     * at least {@value #SIMILAR_MIN} cosine) put in, the whole still at most {@code max}. Papers already in the
     * library are never suggested.
     */
    public List<Listing> withSimilar(List<Listing> chosen, List<String> libraryIds, int max) {
        if (libraryIds.isEmpty()) {
            return chosen;
        }
        var library = vectorsOf.apply(libraryIds);
        if (library.isEmpty()) {
            return chosen;
        }
        var exclude = new HashSet<>(libraryIds);
        chosen.forEach(l -> exclude.add(l.paper().id()));
        var candidates = rankedVectors();
        record Near(Listing listing, double score) {}
        var similar = ranked.stream()
                .filter(l -> !exclude.contains(l.paper().id()) && candidates.containsKey(l.paper().id()))
                .map(l -> new Near(l, library.values().stream()
                        .mapToDouble(v -> dot(v, candidates.get(l.paper().id()))).max().orElse(0)))
                .filter(n -> n.score() >= SIMILAR_MIN)
                .sorted(java.util.Comparator.comparingDouble(Near::score).reversed())
                .limit(Math.min(SIMILAR_MAX, max))
                .map(Near::listing)
                .toList();
        if (similar.isEmpty()) {
            return chosen;
        }
        var result = new java.util.ArrayList<>(chosen.subList(0, Math.min(chosen.size(), max - similar.size())));
        result.addAll(similar);
        return result;
    }

    private synchronized java.util.Map<String, float[]> rankedVectors() {
        if (rankedVectors == null) {
            rankedVectors = vectorsOf.apply(ranked.stream().map(l -> l.paper().id()).toList());
        }
        return rankedVectors;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private Set<String> matching(String query) {
        return matches.computeIfAbsent(query, q -> {
            return search().matching(QuerySyntax.parse(q), ranked.stream().map(l -> l.paper().id()).toList());
        });
    }

    private synchronized SearchBackend search() {
        if (search == null) {
            search = SearchBackends.inMemory(null, SearchBackend.Settings.DEFAULT);
            search.index(ranked.stream().map(l -> {
                var p = l.paper();
                return new SearchDoc(p.id(), p.title(), p.abstractText(), p.authors(), p.categories(), p.published(),
                        l.upvotes(), l.hasCode(), null);
            }).toList());
            search.commit();
        }
        return search;
    }

    @Override
    public synchronized void close() {
        if (search != null) {
            search.close();
        }
    }
}
