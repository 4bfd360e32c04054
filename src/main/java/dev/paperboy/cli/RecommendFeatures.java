package dev.paperboy.cli;

import dev.paperboy.recommend.Affinity;
import dev.paperboy.recommend.AuthorsAsUsers;
import dev.paperboy.recommend.SparseVector;
import dev.paperboy.recommend.TfidfModel;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;

/**
 * Experiment support (`bench recommend --dump-features FILE`, read by scripts/learn-affinity.py and
 * scripts/affinity-more-information.py): writes, for every (member, day) case of the authors-as-users bench, one row
 * per candidate paper with explainable features (similarities to the member's papers, rare shared terms, category
 * shares, genericity), so that a blend can be learned outside. Author names are never features: they only decide the
 * label. Rows are big-endian 32-bit: case (int), label (float), member (int), then the features named in
 * {@code FILE.names}; {@code FILE.members} names each member's author key and {@code FILE.ids} each row's paper, so
 * that signals computed elsewhere can be joined to the rows.
 */
final class RecommendFeatures {
    static final String[] NAMES = {"prod", "max", "top3", "top5", "top10", "meanall", "cnt01", "cnt02", "cnt03",
        "rare20max", "rare20top5", "nrare20", "nrare5", "rare20idf", "catprod", "catany", "primprim", "generic",
        "loglib", "centroid", "recent60max", "recent5max", "logterms", "ncats", "rare100max", "coverage", "bigrammax",
        "personal", "personalnorm", "unimax", "ownmax", "ownshare", "personalsq"};

    /**
     * Appended only with e5 vectors (`--vectors DIR`): the candidate's closest cosine to the member's papers, the
     * mean of its 5 closest (summed, divided by 5), its cosine to the member's (normalised) e5 centroid, and its mean
     * cosine to the other papers of its day (genericity in meaning). 0 where the candidate or the member's papers
     * have no vector.
     */
    static final String[] DENSE_NAMES = {"e5max", "e5top5", "e5centroid", "e5generic"};

    private RecommendFeatures() {}

    static void write(Path file, AuthorsAsUsers bench, List<AuthorsAsUsers.Item> items, List<SparseVector> rich,
            TfidfModel model, LocalDate cutoff, float[][] dense) throws IOException {
        int n = items.size();
        int dim = model.dimension();
        int[] df = new int[dim];
        boolean[] bigram = new boolean[dim];
        for (int t = 0; t < dim; t++) {
            df[t] = (int) Math.round((1.0 + n) / Math.exp(model.idf(t) - 1) - 1);
            bigram[t] = model.term(t).contains(" ");
        }
        // Genericity: a candidate's mean similarity to the other papers of its day.
        double[] generic = new double[n];
        var days = new HashSet<LocalDate>();
        for (var m : bench.members()) {
            days.addAll(m.later().keySet());
        }
        double[] sum = new double[dim];
        for (LocalDate d : days) {
            List<Integer> c = bench.candidates(d);
            Arrays.fill(sum, 0);
            for (int i : c) {
                rich.get(i).addTo(sum, 1);
            }
            for (int i : c) {
                generic[i] = (rich.get(i).dot(sum) - rich.get(i).squaredNorm()) / Math.max(1, c.size() - 1);
            }
        }
        double[] denseGeneric = dense == null ? null : denseGenericity(bench, days, dense);
        var affinity = new Affinity(Affinity.Settings.PREVIOUS);
        var names = new ArrayList<>(List.of(NAMES));
        if (dense != null) {
            names.addAll(List.of(DENSE_NAMES));
        }
        Files.writeString(Path.of(file + ".names"), String.join(",", names) + "\n");
        var members = new StringBuilder();
        var rowIds = new StringBuilder();
        int caseId = 0;
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20))) {
            int memberIdx = 0;
            for (var member : bench.members()) {
                members.append(memberIdx).append('\t').append(member.key()).append('\n');
                List<Integer> lib = member.library();
                int L = lib.size();
                var liked = new ArrayList<Affinity.Liked>();
                for (int i : lib) {
                    liked.add(new Affinity.Liked(items.get(i).id(), rich.get(i), items.get(i).categories(), 1));
                }
                var profile = affinity.profile(liked, List.of(), List.of(), model);
                float[][] libDense = null;
                double[] denseCentroid = null;
                if (dense != null) {
                    libDense = lib.stream().map(i -> dense[i]).filter(x -> x != null).toArray(float[][]::new);
                    if (libDense.length > 0) {
                        denseCentroid = new double[libDense[0].length];
                        for (float[] x : libDense) {
                            for (int j = 0; j < x.length; j++) {
                                denseCentroid[j] += x[j];
                            }
                        }
                        double norm = Math.sqrt(Arrays.stream(denseCentroid).map(x -> x * x).sum());
                        for (int j = 0; j < denseCentroid.length; j++) {
                            denseCentroid[j] /= Math.max(1e-12, norm);
                        }
                    }
                }
                // Inverted index: term -> (paper, weight); library document frequency per term.
                var post = new HashMap<Integer, List<float[]>>();
                for (int p = 0; p < L; p++) {
                    SparseVector v = rich.get(lib.get(p));
                    for (int k = 0; k < v.size(); k++) {
                        post.computeIfAbsent(v.index()[k], x -> new ArrayList<>()).add(new float[] {p, v.value()[k]});
                    }
                }
                var cmap = new HashMap<Integer, Double>();
                for (int i : lib) {
                    SparseVector v = rich.get(i);
                    for (int k = 0; k < v.size(); k++) {
                        cmap.merge(v.index()[k], (double) v.value()[k], Double::sum);
                    }
                }
                double cnorm = Math.sqrt(cmap.values().stream().mapToDouble(x -> x * x).sum());
                var primShare = new HashMap<String, Double>();
                for (int i : lib) {
                    primShare.merge(items.get(i).categories().get(0), 1.0 / L, Double::sum);
                }
                // Recency: library papers in the last 60 days before the cut-off, and the 5 latest.
                Integer[] order = lib.toArray(new Integer[0]);
                Arrays.sort(order, (a, b) -> items.get(b).day().compareTo(items.get(a).day()));
                var latest5 = new HashSet<Integer>();
                var recent60 = new HashSet<Integer>();
                for (int p = 0; p < L; p++) {
                    int item = lib.get(p);
                    for (int r = 0; r < Math.min(5, L); r++) {
                        if (order[r] == item) {
                            latest5.add(p);
                        }
                    }
                    if (!items.get(item).day().isBefore(cutoff.minusDays(60))) {
                        recent60.add(p);
                    }
                }
                for (var e : member.later().entrySet()) {
                    List<Integer> cands = bench.candidates(e.getKey());
                    for (int c : cands) {
                        SparseVector v = rich.get(c);
                        List<String> cats = items.get(c).categories();
                        double[] sims = new double[L];
                        double[] rare20 = new double[L];
                        double[] rare100 = new double[L];
                        double[] bi = new double[L];
                        double[] uni = new double[L];
                        int nrare20 = 0;
                        int nrare5 = 0;
                        double rareIdf = 0;
                        double personal = 0;
                        double centroidDot = 0;
                        double ownMax = 0;
                        double ownShare = 0;
                        double personalSq = 0;
                        for (int k = 0; k < v.size(); k++) {
                            int t = v.index()[k];
                            float w = v.value()[k];
                            List<float[]> ps = post.get(t);
                            if (ps == null) {
                                continue;
                            }
                            centroidDot += w * cmap.get(t);
                            if (df[t] <= 20) {
                                nrare20++;
                                rareIdf += model.idf(t);
                            }
                            if (df[t] <= 5) {
                                nrare5++;
                            }
                            // As Affinity weighs a member's own terms: N / df from the idf.
                            double own = Math.log(1 + (double) ps.size() / L * Math.exp(model.idf(t) - 1));
                            personal += w * own;
                            personalSq += w * own * own;
                            ownMax = Math.max(ownMax, w * own);
                            ownShare += w * ps.size() / L;
                            for (float[] pw : ps) {
                                int p = (int) pw[0];
                                double x = w * pw[1];
                                sims[p] += x;
                                if (df[t] <= 20) {
                                    rare20[p] += x;
                                }
                                if (df[t] <= 100) {
                                    rare100[p] += x;
                                }
                                if (bigram[t]) {
                                    bi[p] += x;
                                } else {
                                    uni[p] += x;
                                }
                            }
                        }
                        double recent60max = 0;
                        double recent5max = 0;
                        int c1 = 0;
                        int c2 = 0;
                        int c3 = 0;
                        double meanAll = 0;
                        for (int p = 0; p < L; p++) {
                            if (recent60.contains(p)) {
                                recent60max = Math.max(recent60max, sims[p]);
                            }
                            if (latest5.contains(p)) {
                                recent5max = Math.max(recent5max, sims[p]);
                            }
                            c1 += sims[p] > 0.1 ? 1 : 0;
                            c2 += sims[p] > 0.2 ? 1 : 0;
                            c3 += sims[p] > 0.3 ? 1 : 0;
                            meanAll += sims[p] / L;
                        }
                        double[] sorted = sims.clone();
                        Arrays.sort(sorted);
                        double[] r20 = rare20.clone();
                        Arrays.sort(r20);
                        double catAny = 0;
                        for (int i : lib) {
                            for (String cat : items.get(i).categories()) {
                                if (cats.contains(cat)) {
                                    catAny += 1.0 / L;
                                    break;
                                }
                            }
                        }
                        double category = 0;
                        for (int i = 0; i < cats.size(); i++) {
                            double s = profile.categoryShare().getOrDefault(cats.get(i), 0.0);
                            category = Math.max(category, i == 0 ? s : s / 2);
                        }
                        // The columns the default blend learns from come from Affinity itself, so the weights
                        // learned fit what the product computes.
                        Affinity.Closeness closeness = profile.closeness(v);
                        boolean label = e.getValue().contains(c);
                        rowIds.append(items.get(c).id()).append('\n');
                        out.writeFloat(f(caseId));
                        out.writeFloat(label ? 1 : 0);
                        out.writeFloat(f(memberIdx));
                        float[] row = {
                            (float) affinity.score(profile, v, cats),
                            (float) top(sorted, 1, 1), (float) top(sorted, 3, 3), (float) top(sorted, 5, 5),
                            (float) top(sorted, 10, 10), (float) meanAll, c1, c2, c3,
                            (float) top(r20, 1, 1), (float) top(r20, 5, 5), nrare20, nrare5, (float) rareIdf,
                            (float) category, (float) catAny, (float) (double) primShare.getOrDefault(cats.get(0), 0.0),
                            (float) generic[c], (float) Math.log(L), (float) (centroidDot / Math.max(1e-9, cnorm)),
                            (float) recent60max, (float) recent5max, (float) Math.log(1 + v.size()), cats.size(),
                            (float) Arrays.stream(rare100).max().orElse(0), (float) closeness.coverage(),
                            (float) Arrays.stream(bi).max().orElse(0), (float) personal,
                            (float) closeness.own(), (float) Arrays.stream(uni).max().orElse(0),
                            (float) ownMax, (float) ownShare, (float) (personalSq / Math.sqrt(1 + v.size()))
                        };
                        for (float x : row) {
                            out.writeFloat(x);
                        }
                        if (dense != null) {
                            float[] d = dense[c];
                            double e5max = 0;
                            double e5top5 = 0;
                            double e5centroid = 0;
                            if (d != null && libDense.length > 0) {
                                double[] cos = new double[libDense.length];
                                for (int p = 0; p < cos.length; p++) {
                                    cos[p] = BenchRecommendCommand.dot(libDense[p], d);
                                }
                                Arrays.sort(cos);
                                e5max = cos[cos.length - 1];
                                e5top5 = top(cos, 5, 5);
                                for (int j = 0; j < d.length; j++) {
                                    e5centroid += d[j] * denseCentroid[j];
                                }
                            }
                            out.writeFloat((float) e5max);
                            out.writeFloat((float) e5top5);
                            out.writeFloat((float) e5centroid);
                            out.writeFloat((float) denseGeneric[c]);
                        }
                    }
                    caseId++;
                }
                memberIdx++;
            }
        }
        Files.writeString(Path.of(file + ".members"), members);
        Files.writeString(Path.of(file + ".ids"), rowIds);
        System.out.printf("features: %d cases of %d members written to %s%n", caseId, bench.members().size(), file);
    }

    /** Each candidate's mean e5 cosine to the other papers of its day (0 without a vector). */
    private static double[] denseGenericity(AuthorsAsUsers bench, java.util.Set<LocalDate> days, float[][] dense) {
        double[] generic = new double[dense.length];
        for (LocalDate d : days) {
            List<Integer> c = bench.candidates(d);
            double[] sum = null;
            int count = 0;
            for (int i : c) {
                if (dense[i] != null) {
                    if (sum == null) {
                        sum = new double[dense[i].length];
                    }
                    for (int j = 0; j < sum.length; j++) {
                        sum[j] += dense[i][j];
                    }
                    count++;
                }
            }
            for (int i : c) {
                if (dense[i] != null) {
                    double s = 0;
                    for (int j = 0; j < sum.length; j++) {
                        s += dense[i][j] * sum[j];
                    }
                    generic[i] = (s - BenchRecommendCommand.dot(dense[i], dense[i])) / Math.max(1, count - 1);
                }
            }
        }
        return generic;
    }

    private static float f(int x) {
        return Float.intBitsToFloat(x);
    }

    /** Sum of the {@code k} largest of the sorted values, divided by {@code d}. */
    private static double top(double[] sorted, int k, int d) {
        double s = 0;
        for (int i = 0; i < Math.min(k, sorted.length); i++) {
            s += sorted[sorted.length - 1 - i];
        }
        return s / d;
    }
}
