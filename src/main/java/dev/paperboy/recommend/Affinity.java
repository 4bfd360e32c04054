package dev.paperboy.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Paperboy's ranking of papers for one member: how close a paper is to the member's own papers (the closest one,
 * and the mean of the few closest: a member has several interests, a centroid blurs them), how often the member's
 * papers share its arXiv category, less how close it is to what the member marked "not interested". Every part is
 * something a person can be shown: the papers it is closest to, the terms they share, the category.
 */
public final class Affinity {
    /**
     * @param nearest how many of the member's closest papers the mean takes
     * @param maxWeight weight of the similarity to the single closest paper
     * @param meanWeight weight of the mean similarity to the {@code nearest} closest
     * @param categoryWeight weight of the category share
     * @param negativeWeight weight of the similarity to the closest "not interested" paper
     * @param denseWeight weight of the closeness in meaning (e5 vectors) added to each term similarity
     * @param denseFloor the cosine of two e5 vectors below which papers count as unrelated (e5 puts almost any two
     *     abstracts above 0.7, so the raw cosine would reward every paper alike)
     */
    public record Settings(int nearest, double maxWeight, double meanWeight, double categoryWeight, double negativeWeight,
            double denseWeight, double denseFloor) {
        public static final Settings DEFAULT = new Settings(5, 1.0, 2.0, 0.15, 0.5, 0, 0.75);

        public Settings withDense(double weight, double floor) {
            return new Settings(nearest, maxWeight, meanWeight, categoryWeight, negativeWeight, weight, floor);
        }
    }

    /**
     * A paper the member showed interest in, and how much (an upvote, a save, a comment, an own paper); {@code dense}
     * is its e5 vector (L2-normalised), or null while it has none.
     */
    public record Liked(String id, SparseVector vector, List<String> categories, double weight, float[] dense) {
        public Liked(String id, SparseVector vector, List<String> categories, double weight) {
            this(id, vector, categories, weight, null);
        }
    }

    /** What the member likes and dislikes, ready to score papers: an inverted index of the liked papers' terms. */
    public static final class Profile {
        private final List<Liked> liked;
        private final List<SparseVector> disliked;
        private final Map<String, Double> categoryShare;
        private final Map<String, Double> followedCategories;
        /** Per term, the liked papers that have it and its weight in each: nothing stored where a paper lacks it. */
        private final Map<Integer, Posting> postings = new HashMap<>();

        private record Posting(int[] papers, float[] weights) {}

        Profile(List<Liked> liked, List<SparseVector> disliked, Map<String, Double> categoryShare,
                Map<String, Double> followedCategories) {
            this.liked = List.copyOf(liked);
            this.disliked = List.copyOf(disliked);
            this.categoryShare = categoryShare;
            this.followedCategories = followedCategories;
            // An inverted index of the liked papers, so a candidate's similarities to all of them take one pass over
            // its terms. Sparse: a dense row per term (a weight for every liked paper, mostly 0) took 239 MB for an
            // "author" with hundreds of papers.
            var counts = new HashMap<Integer, Integer>();
            for (Liked l : this.liked) {
                for (int term : l.vector().index()) {
                    counts.merge(term, 1, Integer::sum);
                }
            }
            var filled = new HashMap<Integer, Integer>();
            for (int p = 0; p < this.liked.size(); p++) {
                SparseVector v = this.liked.get(p).vector();
                for (int k = 0; k < v.size(); k++) {
                    int term = v.index()[k];
                    Posting posting = postings.computeIfAbsent(term,
                            t -> new Posting(new int[counts.get(t)], new float[counts.get(t)]));
                    int at = filled.merge(term, 1, Integer::sum) - 1;
                    posting.papers()[at] = p;
                    posting.weights()[at] = v.value()[k];
                }
            }
        }

        public List<Liked> liked() {
            return liked;
        }

        public List<SparseVector> disliked() {
            return disliked;
        }

        public Map<String, Double> categoryShare() {
            return categoryShare;
        }

        public Map<String, Double> followedCategories() {
            return followedCategories;
        }

        public boolean isEmpty() {
            return liked.isEmpty() && followedCategories.isEmpty();
        }

        /** The candidate's similarity to each liked paper. */
        double[] similarities(SparseVector candidate) {
            double[] sims = new double[liked.size()];
            for (int k = 0; k < candidate.size(); k++) {
                Posting p = postings.get(candidate.index()[k]);
                if (p != null) {
                    float w = candidate.value()[k];
                    for (int i = 0; i < p.papers().length; i++) {
                        sims[p.papers()[i]] += w * p.weights()[i];
                    }
                }
            }
            return sims;
        }

        /** Bytes held per member: the inverted index of the liked papers and the category shares. */
        public long bytes() {
            long b = 64L * categoryShare.size() + 48L * liked.size();
            for (Posting p : postings.values()) {
                b += 48 + 2 * 16 + 8L * p.papers().length + 48;
            }
            for (var d : disliked) {
                b += d.bytes();
            }
            return b;
        }
    }

    /** One of the member's papers a candidate is close to. */
    public record Match(String id, double similarity) {}

    private final Settings settings;

    public Affinity(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** @param followedCategories categories the member follows, each counting as if most of their papers were in it */
    public Profile profile(List<Liked> liked, List<SparseVector> disliked, java.util.Collection<String> followedCategories) {
        var share = new HashMap<String, Double>();
        double total = 0;
        for (var l : liked) {
            total += l.weight();
            for (String c : l.categories()) {
                share.merge(c, l.weight(), Double::sum);
            }
        }
        if (total > 0) {
            double t = total;
            share.replaceAll((c, v) -> v / t);
        }
        var followed = new HashMap<String, Double>();
        for (String c : followedCategories) {
            followed.put(c, 1.0);
        }
        return new Profile(List.copyOf(liked), List.copyOf(disliked), share, followed);
    }

    public double score(Profile profile, SparseVector candidate, List<String> categories) {
        return score(profile, candidate, null, categories);
    }

    /** The same with the candidate's e5 vector ({@code dense}, null while it has none) adding closeness in meaning. */
    public double score(Profile profile, SparseVector candidate, float[] dense, List<String> categories) {
        double[] sims = similarities(profile, candidate, dense);
        double best = 0;
        for (int i = 0; i < sims.length; i++) {
            sims[i] *= weightFactor(profile.liked().get(i).weight());
            best = Math.max(best, sims[i]);
        }
        double mean = 0;
        if (sims.length > 0) {
            Arrays.sort(sims);
            int k = Math.min(settings.nearest(), sims.length);
            for (int i = 0; i < k; i++) {
                mean += sims[sims.length - 1 - i];
            }
            mean /= settings.nearest();
        }
        double category = 0;
        for (int i = 0; i < categories.size(); i++) {
            String c = categories.get(i);
            double s = Math.max(profile.categoryShare().getOrDefault(c, 0.0), profile.followedCategories().getOrDefault(c, 0.0));
            category = Math.max(category, i == 0 ? s : s / 2);
        }
        double negative = 0;
        for (SparseVector d : profile.disliked()) {
            negative = Math.max(negative, d.dot(candidate));
        }
        return settings.maxWeight() * best + settings.meanWeight() * mean + settings.categoryWeight() * category
                - settings.negativeWeight() * negative;
    }

    /** The candidate's closeness to each liked paper: shared terms, plus shared meaning where both have a vector. */
    private double[] similarities(Profile profile, SparseVector candidate, float[] dense) {
        double[] sims = profile.similarities(candidate);
        if (dense != null && settings.denseWeight() > 0) {
            for (int i = 0; i < sims.length; i++) {
                float[] liked = profile.liked().get(i).dense();
                if (liked != null) {
                    double cosine = dot(liked, dense);
                    sims[i] += settings.denseWeight() * Math.max(0, (cosine - settings.denseFloor()) / (1 - settings.denseFloor()));
                }
            }
        }
        return sims;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Interest counts up to a point: a paper upvoted, saved and commented on is not three times as telling. */
    private static double weightFactor(double weight) {
        return weight >= 1 ? 1 : 0.5 + 0.5 * weight;
    }

    /** The member's papers closest to {@code candidate}, closest first, at most {@code limit}, only those sharing terms. */
    public List<Match> closest(Profile profile, SparseVector candidate, int limit) {
        var matches = new ArrayList<Match>();
        for (var l : profile.liked()) {
            double s = l.vector().dot(candidate);
            if (s > 0) {
                matches.add(new Match(l.id(), s));
            }
        }
        matches.sort(Comparator.comparingDouble(Match::similarity).reversed());
        return matches.subList(0, Math.min(limit, matches.size()));
    }

    /** The terms that weigh most in the similarity of two vectors (their largest products), heaviest first. */
    public static List<String> sharedTerms(TfidfModel model, SparseVector a, SparseVector b, int limit) {
        var products = new ArrayList<Map.Entry<String, Double>>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.index()[i] == b.index()[j]) {
                products.add(Map.entry(model.term(a.index()[i]), (double) a.value()[i] * b.value()[j]));
                i++;
                j++;
            } else if (a.index()[i] < b.index()[j]) {
                i++;
            } else {
                j++;
            }
        }
        products.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        // A bigram says more than its words: a word inside one of the heavier bigrams is left out.
        var bigrams = products.stream().limit(limit * 2L).map(Map.Entry::getKey).filter(t -> t.contains(" ")).toList();
        var out = new ArrayList<String>();
        for (var e : products) {
            String t = e.getKey();
            boolean covered = !t.contains(" ") && bigrams.stream().anyMatch(g -> (" " + g + " ").contains(" " + t + " "));
            if (!covered) {
                out.add(t);
            }
            if (out.size() == limit) {
                break;
            }
        }
        return out;
    }
}
