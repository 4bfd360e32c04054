package dev.paperboy.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * TF-IDF over unigrams and bigrams, as scikit-learn's {@code TfidfVectorizer} computes it with arxiv-sanity-lite's
 * settings: terms in at least {@code minDf} documents and at most {@code maxDfShare} of them, the
 * {@code maxFeatures} most frequent kept, {@code 1 + ln tf}, smoothed idf {@code ln((1 + n) / (1 + df)) + 1},
 * rows normalised to unit length.
 */
public final class TfidfModel {
    /** arxiv-sanity-lite's settings: min_df 5, max_df 0.1, max_features 20,000. */
    public record Settings(int minDf, double maxDfShare, int maxFeatures) {
        public static final Settings ARXIV_SANITY = new Settings(5, 0.1, 20_000);
        /** Paperboy's own: terms in two papers count (a method's name), words in half of them do not. */
        public static final Settings PAPERBOY = new Settings(2, 0.5, 500_000);

        /** Paperboy's settings; a catalogue of a few hundred papers keeps every term. */
        public static Settings forCorpus(int papers) {
            return papers >= 500 ? PAPERBOY : new Settings(1, 0.5, 500_000);
        }
    }

    private final Map<String, Integer> words;   // unigram -> word id (only words some feature uses)
    private final LongIntMap features;         // unigram (id) or bigram (id << 32 | id) -> feature index
    private final String[] terms;
    private final float[] idf;

    private TfidfModel(Map<String, Integer> words, LongIntMap features, String[] terms, float[] idf) {
        this.words = words;
        this.features = features;
        this.terms = terms;
        this.idf = idf;
    }

    private static long unigram(int word) {
        return word;
    }

    private static long bigram(int a, int b) {
        return ((long) (a + 1) << 32) | b;
    }

    /** Learns the vocabulary and idf from texts (title and abstract of each paper). */
    public static TfidfModel fit(Collection<String> texts, Settings settings) {
        return count(texts).model(settings);
    }

    /** Term and document frequencies of a corpus, from which models with different settings can be made. */
    public record Counts(List<String> names, LongIntMap tf, LongIntMap df, int n) {
        public TfidfModel model(Settings settings) {
            return select(this, settings);
        }
    }

    public static Counts count(Collection<String> texts) {
        var dictionary = new HashMap<String, Integer>();
        var names = new ArrayList<String>();
        var tf = new LongIntMap(1 << 20);
        var df = new LongIntMap(1 << 20);
        int n = 0;
        for (String text : texts) {
            n++;
            List<String> tokens = Words.tokens(text);
            long[] keys = new long[Math.max(0, tokens.size() * 2 - 1)];
            int k = 0;
            int previous = -1;
            for (String t : tokens) {
                int id = dictionary.computeIfAbsent(t, x -> {
                    names.add(x);
                    return names.size() - 1;
                });
                keys[k++] = unigram(id);
                if (previous >= 0) {
                    keys[k++] = bigram(previous, id);
                }
                previous = id;
            }
            for (int i = 0; i < k; i++) {
                tf.add(keys[i], 1);
            }
            Arrays.sort(keys, 0, k);
            for (int i = 0; i < k; i++) {
                if (i == 0 || keys[i] != keys[i - 1]) {
                    df.add(keys[i], 1);
                }
            }
        }
        return new Counts(names, tf, df, n);
    }

    private static TfidfModel select(Counts counts, Settings settings) {
        List<String> names = counts.names();
        LongIntMap tf = counts.tf();
        LongIntMap df = counts.df();
        int n = counts.n();
        double maxDf = settings.maxDfShare() * n;
        var kept = new ArrayList<long[]>();   // key, tf
        df.forEach((key, d) -> {
            if (d >= settings.minDf() && d <= maxDf) {
                kept.add(new long[] {key, tf.get(key, 0)});
            }
        });
        // The most frequent terms over the corpus, ties broken by the term, as scikit-learn does.
        kept.sort((a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1]) : termOf(a[0], names).compareTo(termOf(b[0], names)));
        List<long[]> chosen = kept.subList(0, Math.min(settings.maxFeatures(), kept.size()));
        var byTerm = new java.util.TreeMap<String, Long>();
        for (long[] c : chosen) {
            byTerm.put(termOf(c[0], names), c[0]);
        }
        // Renumber the words the chosen features use, so the model keeps only those.
        var words = new HashMap<String, Integer>();
        var features = new LongIntMap(byTerm.size());
        String[] terms = new String[byTerm.size()];
        float[] idf = new float[byTerm.size()];
        int index = 0;
        for (var e : byTerm.entrySet()) {
            long key = e.getValue();
            long renumbered;
            if (key >>> 32 == 0) {
                renumbered = unigram(words.computeIfAbsent(names.get((int) key), w -> words.size()));
            } else {
                int a = words.computeIfAbsent(names.get((int) (key >>> 32) - 1), w -> words.size());
                int b = words.computeIfAbsent(names.get((int) key), w -> words.size());
                renumbered = bigram(a, b);
            }
            features.put(renumbered, index);
            terms[index] = e.getKey();
            idf[index] = (float) (Math.log((1.0 + n) / (1.0 + df.get(key, 0))) + 1.0);
            index++;
        }
        return new TfidfModel(words, features, terms, idf);
    }

    private static String termOf(long key, List<String> names) {
        return key >>> 32 == 0 ? names.get((int) key) : names.get((int) (key >>> 32) - 1) + " " + names.get((int) key);
    }

    public int dimension() {
        return terms.length;
    }

    public String term(int index) {
        return terms[index];
    }

    /** The idf of a term (by feature index). */
    public float idf(int index) {
        return idf[index];
    }

    /** The unit-length TF-IDF vector of a text. */
    public SparseVector vector(String text) {
        List<String> tokens = Words.tokens(text);
        var counts = new HashMap<Integer, int[]>();
        int previous = -1;
        for (String t : tokens) {
            Integer id = words.get(t);
            int w = id == null ? -1 : id;
            if (w >= 0) {
                count(counts, features.get(unigram(w), -1));
                if (previous >= 0) {
                    count(counts, features.get(bigram(previous, w), -1));
                }
            }
            previous = w;
        }
        int[] index = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        float[] value = new float[index.length];
        double norm = 0;
        for (int k = 0; k < index.length; k++) {
            double w = (1.0 + Math.log(counts.get(index[k])[0])) * idf[index[k]];
            value[k] = (float) w;
            norm += w * w;
        }
        if (norm > 0) {
            float scale = (float) (1 / Math.sqrt(norm));
            for (int k = 0; k < value.length; k++) {
                value[k] *= scale;
            }
        }
        return new SparseVector(index, value);
    }

    private static void count(Map<Integer, int[]> counts, int feature) {
        if (feature >= 0) {
            counts.computeIfAbsent(feature, k -> new int[1])[0]++;
        }
    }

    /** Vectors of many texts. */
    public <T> List<SparseVector> vectors(List<T> items, Function<T, String> text) {
        return items.stream().map(i -> vector(text.apply(i))).toList();
    }
}
