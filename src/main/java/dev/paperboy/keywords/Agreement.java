package dev.paperboy.keywords;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How close computed keywords and summaries come to reference ones (Hugging Face's): keyword precision, recall and
 * F1, and ROUGE-1, ROUGE-2 and ROUGE-L F1 for summaries. Words are lower-cased, accents folded and lightly stemmed.
 */
public final class Agreement {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private Agreement() {}

    /** Precision, recall and F1 of one paper's keywords. */
    public record Scores(double precision, double recall, double f1) {}

    /**
     * Keyword agreement: a keyword matches a reference keyword when at least half of the longer one's words are
     * shared ("reward model" matches "process reward model"; "model" alone does not match "large language model").
     */
    public static Scores keywords(List<String> predicted, List<String> reference) {
        if (predicted.isEmpty() || reference.isEmpty()) {
            return new Scores(0, 0, 0);
        }
        var p = predicted.stream().map(Agreement::words).toList();
        var r = reference.stream().map(Agreement::words).toList();
        int hitP = 0;
        for (var k : p) {
            if (r.stream().anyMatch(g -> matches(k, g))) {
                hitP++;
            }
        }
        int hitR = 0;
        for (var g : r) {
            if (p.stream().anyMatch(k -> matches(k, g))) {
                hitR++;
            }
        }
        double precision = (double) hitP / p.size();
        double recall = (double) hitR / r.size();
        return new Scores(precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
    }

    static boolean matches(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        Set<String> shared = new HashSet<>(a);
        shared.retainAll(new HashSet<>(b));
        return shared.size() * 2 >= Math.max(new HashSet<>(a).size(), new HashSet<>(b).size());
    }

    /** ROUGE-1, ROUGE-2 and ROUGE-L F1 of a candidate sentence against a reference. */
    public static double[] rouge(String candidate, String reference) {
        List<String> c = words(candidate);
        List<String> r = words(reference);
        return new double[] {f1(overlap(grams(c, 1), grams(r, 1)), c.size(), r.size()),
            f1(overlap(grams(c, 2), grams(r, 2)), Math.max(0, c.size() - 1), Math.max(0, r.size() - 1)),
            f1(lcs(c, r), c.size(), r.size())};
    }

    private static double f1(int hits, int candidate, int reference) {
        if (hits == 0 || candidate == 0 || reference == 0) {
            return 0;
        }
        double p = (double) hits / candidate;
        double r = (double) hits / reference;
        return 2 * p * r / (p + r);
    }

    private static Map<String, Integer> grams(List<String> words, int n) {
        var out = new HashMap<String, Integer>();
        for (int i = 0; i + n <= words.size(); i++) {
            out.merge(String.join(" ", words.subList(i, i + n)), 1, Integer::sum);
        }
        return out;
    }

    private static int overlap(Map<String, Integer> a, Map<String, Integer> b) {
        int hits = 0;
        for (var e : a.entrySet()) {
            hits += Math.min(e.getValue(), b.getOrDefault(e.getKey(), 0));
        }
        return hits;
    }

    private static int lcs(List<String> a, List<String> b) {
        int[] previous = new int[b.size() + 1];
        for (String x : a) {
            int[] row = new int[b.size() + 1];
            for (int j = 1; j <= b.size(); j++) {
                row[j] = x.equals(b.get(j - 1)) ? previous[j - 1] + 1 : Math.max(previous[j], row[j - 1]);
            }
            previous = row;
        }
        return previous[b.size()];
    }

    static List<String> words(String text) {
        var out = new ArrayList<String>();
        var m = WORD.matcher(KeyPhrases.fold(text));
        while (m.find()) {
            out.add(KeyPhrases.stem(m.group()));
        }
        return out;
    }
}
