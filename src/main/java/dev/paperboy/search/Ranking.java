package dev.paperboy.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * The ranking every backend applies to its candidates, so that both rank alike: the papers a name in the query
 * points at first, then the other papers that match the words, then papers related by meaning alone (only when
 * their embedding is at least {@link SearchBackend.Settings#relatedThreshold} similar to the query's). Within a
 * tier, the keyword and semantic rankings are fused as measured on SciFact (see the README); the tiers only decide
 * which papers may be shown and in which group.
 */
final class Ranking {
    /** A ranked paper: its backend-local number, fused score, and whether it is there by meaning alone. */
    record Ranked(int doc, float score, boolean related) {}

    private Ranking() {}

    /**
     * @param candidates every paper from any ranking or name match, by backend-local number (its order breaks ties)
     * @param matching the candidates that match the query's words
     * @param semantic whether a semantic ranking was made (else the keyword ranking alone is used)
     */
    static List<Ranked> tiers(SortedSet<Integer> candidates, Set<Integer> named, Set<Integer> matching,
            List<Fusion.Scored> bm25, List<Fusion.Scored> dense, boolean semantic, SearchBackend.Settings settings) {
        var semanticScores = new HashMap<Integer, Float>();
        dense.forEach(d -> semanticScores.put(d.doc(), d.score()));
        Map<Integer, Double> fused = semantic
                ? toMap(Fusion.fuse(settings.fusion(), bm25, dense, settings.semanticWeight()))
                : toMap(bm25);
        // Vector scores are (1 + cosine) / 2, in Lucene and in Solr.
        float relatedScore = (float) ((1 + settings.relatedThreshold()) / 2);
        var ranked = new ArrayList<Tiered>(candidates.size());
        for (int doc : candidates) {
            int tier;
            if (named.contains(doc)) {
                tier = 0;
            } else if (matching.contains(doc)) {
                tier = 1;
            } else if (semanticScores.getOrDefault(doc, 0f) >= relatedScore) {
                tier = 2;
            } else {
                continue;
            }
            ranked.add(new Tiered(tier, new Ranked(doc, fused.getOrDefault(doc, 0.0).floatValue(), tier == 2)));
        }
        ranked.sort(Comparator.comparingInt(Tiered::tier)
                .thenComparing(Comparator.comparingDouble((Tiered t) -> t.ranked().score()).reversed())
                .thenComparingInt(t -> t.ranked().doc()));
        return ranked.stream().map(Tiered::ranked).toList();
    }

    private record Tiered(int tier, Ranked ranked) {}

    private static Map<Integer, Double> toMap(List<Fusion.Scored> list) {
        var map = new HashMap<Integer, Double>();
        list.forEach(s -> map.put(s.doc(), (double) s.score()));
        return map;
    }
}
