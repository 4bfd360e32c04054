package dev.paperboy.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines a keyword ranking and a semantic ranking into one.
 *
 * <p>Weighted z-score fusion is the default: each list's scores are standardised (mean 0, deviation 1 over its
 * top k), and a document's fused score is {@code z_keyword + weight · z_semantic}, a document missing from a list
 * counting as that list's lowest z. Unlike reciprocal-rank fusion it keeps how far apart the scores are, which on
 * SciFact's train split gave +0.02 nDCG@10 (see the README); RRF stays available for comparison.
 */
public final class Fusion {
    /** A document and its score in one ranking. */
    public record Scored(int doc, float score) {}

    public enum Method { ZSCORE, RRF }

    private Fusion() {}

    public static List<Scored> fuse(Method method, List<Scored> keyword, List<Scored> semantic, double semanticWeight) {
        return method == Method.RRF ? rrf(keyword, semantic, semanticWeight) : zScore(keyword, semantic, semanticWeight);
    }

    static List<Scored> zScore(List<Scored> keyword, List<Scored> semantic, double semanticWeight) {
        Map<Integer, Double> a = standardised(keyword);
        Map<Integer, Double> b = standardised(semantic);
        double floorA = a.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double floorB = b.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        var fused = new HashMap<Integer, Double>();
        for (int doc : union(keyword, semantic)) {
            fused.put(doc, a.getOrDefault(doc, floorA) + semanticWeight * b.getOrDefault(doc, floorB));
        }
        return sorted(fused);
    }

    static List<Scored> rrf(List<Scored> keyword, List<Scored> semantic, double semanticWeight) {
        var fused = new HashMap<Integer, Double>();
        for (int i = 0; i < keyword.size(); i++) {
            fused.merge(keyword.get(i).doc(), 1.0 / (60 + i + 1), Double::sum);
        }
        for (int i = 0; i < semantic.size(); i++) {
            fused.merge(semantic.get(i).doc(), semanticWeight / (60 + i + 1), Double::sum);
        }
        return sorted(fused);
    }

    private static Map<Integer, Double> standardised(List<Scored> ranking) {
        var z = new HashMap<Integer, Double>();
        if (ranking.isEmpty()) {
            return z;
        }
        double mean = ranking.stream().mapToDouble(Scored::score).average().orElse(0);
        double variance = ranking.stream().mapToDouble(s -> (s.score() - mean) * (s.score() - mean)).average().orElse(0);
        double deviation = variance > 1e-12 ? Math.sqrt(variance) : 1;
        ranking.forEach(s -> z.put(s.doc(), (s.score() - mean) / deviation));
        return z;
    }

    private static List<Integer> union(List<Scored> a, List<Scored> b) {
        var docs = new java.util.LinkedHashSet<Integer>();
        a.forEach(s -> docs.add(s.doc()));
        b.forEach(s -> docs.add(s.doc()));
        return new ArrayList<>(docs);
    }

    private static List<Scored> sorted(Map<Integer, Double> fused) {
        return fused.entrySet().stream()
                .sorted(Map.Entry.<Integer, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new Scored(e.getKey(), e.getValue().floatValue()))
                .toList();
    }

}
