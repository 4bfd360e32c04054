package dev.paperboy.cli;

import dev.paperboy.recommend.Affinity;
import dev.paperboy.recommend.AuthorsAsUsers;
import dev.paperboy.recommend.LinearSvm;
import dev.paperboy.recommend.SparseVector;
import dev.paperboy.recommend.TfidfModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.IntToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Recommendations measured with authors as users, Paperboy's ranking beside the peers (random, TF-IDF centroid,
 * arxiv-sanity-lite's per-user linear SVM), and similar papers measured by whether a paper's nearest neighbours are
 * the same authors' other papers.
 */
@Command(name = "recommend", mixinStandardHelpOptions = true,
        description = "Recommendation quality with authors as users (HR@10, MRR, ms and memory per member) for Paperboy's "
                + "ranking and the peers: random, TF-IDF centroid, arxiv-sanity-lite's linear SVM. Also similar papers' Recall@10.")
final class BenchRecommendCommand implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "../shared/data/arxiv-cs", paramLabel = "DIR|FILE",
            description = "arXiv metadata snapshot, or a directory holding one (default ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--cutoff", defaultValue = "2026-01-01", description = "libraries are the papers before this day (default ${DEFAULT-VALUE})")
    LocalDate cutoff;

    @Option(names = "--until", description = "evaluate only days before this one (default: every later day)")
    LocalDate until;

    @Option(names = "--members", defaultValue = "0", description = "at most this many members, a seeded sample (default: all)")
    int maxMembers;

    @Option(names = "--methods", defaultValue = "random,centroid,svm,paperboy", split = ",",
            description = "methods to run (default ${DEFAULT-VALUE})")
    List<String> methods = new ArrayList<>();

    @Option(names = "--similar", defaultValue = "300", description = "papers for the similar-papers measure (0: skip; default ${DEFAULT-VALUE})")
    int similarQueries;

    @Option(names = "--svm-tolerance", defaultValue = "0.001", description = "the SVM's stopping tolerance (liblinear's eps; default ${DEFAULT-VALUE})")
    double svmTolerance;

    @Option(names = "--weights", description = "more variants of Paperboy's blend, each nearest,max,mean,category[,idf power[,genericity]], "
            + "separated by ; (for experiments)")
    String weights;

    @Option(names = "--vectors", paramLabel = "DIR", description = "a data directory whose database holds e5 vectors of "
            + "these papers (after `paperboy import` and `paperboy embed`): adds Paperboy's ranking with closeness in meaning")
    Path vectorsDir;

    @Option(names = "--dense", defaultValue = "1.0,0.75", split = ";", description = "with --vectors: the dense weight and "
            + "floor of each variant, weight,floor separated by \";\"; similar papers use the last one (default ${DEFAULT-VALUE})")
    List<String> denseVariants = new ArrayList<>();

    @Option(names = "--only-embedded", description = "with --vectors: only the papers that have a vector (to tune while "
            + "the backfill is still running; every method then sees the same smaller catalogue)")
    boolean onlyEmbedded;

    @Option(names = "--dump-features", paramLabel = "FILE", description = "write every case's candidates with explainable "
            + "features to FILE (and FILE.names, FILE.members), to learn a blend outside, with e5 features too given "
            + "--vectors; then stop (for experiments)")
    Path dumpFeatures;

    private static final int BACKGROUND = 500;
    private List<Integer> trainSample = List.of();

    private float[][] dense;
    /** The model of Paperboy's own vectors (its idf weighs the "own terms"). */
    private TfidfModel vectorModel;
    private double denseWeight;
    private double denseFloor;

    @Option(names = "--seed", defaultValue = "14", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path file = data;
        if (Files.isDirectory(data)) {
            try (var files = Files.list(data)) {
                file = files.filter(p -> p.getFileName().toString().matches(".*\\.jsonl(\\.gz)?")).sorted().findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no .jsonl or .jsonl.gz file in " + data));
            }
        }
        long t0 = System.nanoTime();
        var items = AuthorsAsUsers.read(file);
        if (onlyEmbedded && vectorsDir != null) {
            float[][] found = denseVectors(vectorsDir, items);
            var kept = new ArrayList<AuthorsAsUsers.Item>();
            for (int i = 0; i < items.size(); i++) {
                if (found[i] != null) {
                    kept.add(items.get(i));
                }
            }
            items = kept;
        }
        var bench = AuthorsAsUsers.build(items, cutoff, until, maxMembers, seed);
        long before = items.stream().filter(i -> i.day().isBefore(cutoff)).count();
        out("data: %,d papers, %,d before %s, %,d after; %d evaluation days%n", items.size(), before, cutoff,
                items.size() - before, bench.days());
        out("members: %,d authors (>= 3 papers before, >= 2 after), %,d (author, day) cases, median %d papers ranked per case%n",
                bench.members().size(), bench.cases(), bench.medianCandidates());
        var counts = TfidfModel.count(items.stream().map(AuthorsAsUsers.Item::text).toList());
        TfidfModel model = counts.model(TfidfModel.Settings.ARXIV_SANITY);
        List<SparseVector> vectors = new ArrayList<>(items.size());
        for (var item : items) {
            vectors.add(model.vector(item.text()));
        }
        // Paperboy's own vocabulary keeps rare terms (a method's or a data set's name shared by few papers).
        TfidfModel richModel = counts.model(TfidfModel.Settings.PAPERBOY);
        List<SparseVector> rich = new ArrayList<>(items.size());
        for (var item : items) {
            rich.add(richModel.vector(item.text()));
        }
        out("TF-IDF: %,d terms (1-2-grams, sublinear tf, min_df 5, max_df 0.1), fitted on every paper's title and abstract in %.1f s%n",
                model.dimension(), (System.nanoTime() - t0) / 1e9);

        if (dumpFeatures != null) {
            RecommendFeatures.write(dumpFeatures, bench, items, rich, richModel, cutoff,
                    vectorsDir == null ? null : denseVectors(vectorsDir, items));
            return 0;
        }

        var trainIndex = new ArrayList<Integer>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).day().isBefore(cutoff)) {
                trainIndex.add(i);
            }
        }
        List<SparseVector> train = trainIndex.stream().map(vectors::get).toList();
        trainSample = trainIndex;
        var position = new HashMap<Integer, Integer>();
        for (int k = 0; k < trainIndex.size(); k++) {
            position.put(trainIndex.get(k), k);
        }
        Affinity.Settings settings = Affinity.Settings.DEFAULT;
        var affinity = new Affinity(settings);
        long[] modelBytes = new long[2];
        int[] svmEpochs = new int[2];

        var all = new HashMap<String, AuthorsAsUsers.Method>();
        all.put("random", method("random", member -> {
            var random = new Random(seed ^ member.key().hashCode());
            var memo = new HashMap<Integer, Double>();
            return i -> memo.computeIfAbsent(i, k -> random.nextDouble());
        }));
        all.put("centroid", method("TF-IDF centroid", member -> {
            double[] centroid = new double[model.dimension()];
            for (int i : member.library()) {
                vectors.get(i).addTo(centroid, 1);
            }
            return i -> vectors.get(i).dot(centroid);
        }));
        all.put("svm", method("arxiv-sanity-lite SVM", member -> {
            boolean[] positive = new boolean[train.size()];
            for (int i : member.library()) {
                positive[position.get(i)] = true;
            }
            LinearSvm svm = LinearSvm.train(train, positive, model.dimension(), 0.01, svmTolerance, 1_000, seed);
            svmEpochs[0] += svm.epochs();
            svmEpochs[1]++;
            modelBytes[0] = 8L * model.dimension() + 8L * train.size() + 8L * train.size();
            return i -> svm.score(vectors.get(i));
        }));
        vectorModel = richModel;
        all.put("paperboy", paperboy("Paperboy (learned blend)", affinity, items, rich, modelBytes));
        all.put("paperboy-previous", paperboy("Paperboy before (nearest + category)", new Affinity(Affinity.Settings.PREVIOUS),
                items, rich, modelBytes));
        all.put("paperboy-sanity", paperboy("Paperboy on arxiv-sanity's vocabulary", affinity, items, vectors, model,
                new float[items.size()][], modelBytes));
        if (weights != null) {
            for (String set : weights.split(";")) {
                String[] w = set.split(",");
                var variant = new Affinity(settings.withNearest(Integer.parseInt(w[0]), Double.parseDouble(w[1]),
                        Double.parseDouble(w[2]), Double.parseDouble(w[3])));
                double idfPower = w.length > 4 ? Double.parseDouble(w[4]) : 1;
                var variantVectors = idfPower == 1 ? rich : rich.stream().map(v -> reweighted(richModel, v, idfPower)).toList();
                double generic = w.length > 5 ? Double.parseDouble(w[5]) : 0;
                methods.add("paperboy[" + set + "]");
                var scored = paperboy("Paperboy [" + set + "]", variant, items, variantVectors, modelBytes);
                all.put("paperboy[" + set + "]", generic == 0 ? scored : lessGeneric(scored, variantVectors, generic));
            }
        }

        if (vectorsDir != null) {
            dense = denseVectors(vectorsDir, items);
            for (String variant : denseVariants) {
                String[] w = variant.split(",");
                denseWeight = Double.parseDouble(w[0]);
                denseFloor = Double.parseDouble(w[1]);
                var withDense = new Affinity(settings.withDense(denseWeight, denseFloor));
                String name = "paperboy+e5[" + variant + "]";
                methods.add(name);
                all.put(name, paperboy("Paperboy + e5 [" + variant + "]", withDense, items, rich, dense, modelBytes));
            }
        }

        out("%n%-38s %7s %8s %8s %12s %10s%n", "method", "cases", "HR@10", "MRR", "ms/member", "ms/case");
        for (String name : methods) {
            var method = all.get(name.strip());
            if (method == null) {
                throw new IllegalArgumentException("unknown method " + name + "; known: " + all.keySet());
            }
            var r = bench.evaluate(method, s -> {});
            out("%-38s %7d %8.3f %8.3f %12.2f %10.3f%n", r.method(), r.cases(), r.hitRate10(), r.mrr(),
                    r.msPerMember(), r.msPerCase());
        }
        if (svmEpochs[1] > 0) {
            out("SVM: dual coordinate descent, squared hinge, C 0.01 balanced, %,d training papers, mean %.1f epochs; "
                    + "working memory per member %,d KB (weights, dual variables, order)%n",
                    train.size(), (double) svmEpochs[0] / svmEpochs[1], modelBytes[0] >> 10);
        }
        if (modelBytes[1] > 0) {
            out("Paperboy: settings %s; largest profile %,d KB (the member's paper vectors)%n", settings, modelBytes[1] >> 10);
        }
        if (similarQueries > 0) {
            similar(items, vectors, rich, model, affinity);
        }
        return 0;
    }

    private AuthorsAsUsers.Method paperboy(String name, Affinity affinity, List<AuthorsAsUsers.Item> items,
            List<SparseVector> vectors, long[] modelBytes) {
        return paperboy(name, affinity, items, vectors, vectorModel, new float[items.size()][], modelBytes);
    }

    private AuthorsAsUsers.Method paperboy(String name, Affinity affinity, List<AuthorsAsUsers.Item> items,
            List<SparseVector> vectors, float[][] dense, long[] modelBytes) {
        return paperboy(name, affinity, items, vectors, vectorModel, dense, modelBytes);
    }

    /** @param model the TF-IDF model {@code vectors} come from */
    private AuthorsAsUsers.Method paperboy(String name, Affinity affinity, List<AuthorsAsUsers.Item> items,
            List<SparseVector> vectors, TfidfModel model, float[][] dense, long[] modelBytes) {
        return method(name, member -> {
            var liked = new ArrayList<Affinity.Liked>();
            for (int i : member.library()) {
                liked.add(new Affinity.Liked(items.get(i).id(), vectors.get(i), items.get(i).categories(), 1, dense[i]));
            }
            var profile = affinity.profile(liked, List.of(), List.of(), model);
            modelBytes[1] = Math.max(modelBytes[1], profile.bytes());
            return i -> affinity.score(profile, vectors.get(i), dense[i], items.get(i).categories());
        });
    }

    /**
     * The method's scores less {@code weight} times each candidate's genericity: the mean of its 10 highest
     * similarities to background papers (a paper close to everything is close to every member).
     */
    private AuthorsAsUsers.Method lessGeneric(AuthorsAsUsers.Method method, List<SparseVector> vectors, double weight) {
        var random = new Random(15);
        var background = new ArrayList<SparseVector>();
        for (int k = 0; k < BACKGROUND; k++) {
            background.add(vectors.get(trainSample.get(random.nextInt(trainSample.size()))));
        }
        double[] genericity = new double[vectors.size()];
        java.util.Arrays.fill(genericity, Double.NaN);
        return method(method.name(), member -> {
            var score = method.prepare(member);
            return i -> {
                if (Double.isNaN(genericity[i])) {
                    double[] sims = new double[background.size()];
                    for (int b = 0; b < sims.length; b++) {
                        sims[b] = vectors.get(i).dot(background.get(b));
                    }
                    java.util.Arrays.sort(sims);
                    double top = 0;
                    for (int j = 0; j < 10; j++) {
                        top += sims[sims.length - 1 - j];
                    }
                    genericity[i] = top / 10;
                }
                return score.applyAsDouble(i) - weight * genericity[i];
            };
        });
    }

    /** The vector with each term's weight multiplied by its idf to the power {@code power - 1}, unit length again. */
    private static SparseVector reweighted(TfidfModel model, SparseVector v, double power) {
        float[] value = new float[v.size()];
        double norm = 0;
        for (int k = 0; k < value.length; k++) {
            value[k] = (float) (v.value()[k] * Math.pow(model.idf(v.index()[k]), power - 1));
            norm += value[k] * value[k];
        }
        for (int k = 0; k < value.length && norm > 0; k++) {
            value[k] /= (float) Math.sqrt(norm);
        }
        return new SparseVector(v.index(), value);
    }

    /** Each item's e5 vector from the database in {@code dir} (null where it has none). */
    private static float[][] denseVectors(Path dir, List<AuthorsAsUsers.Item> items) throws java.sql.SQLException {
        var index = new HashMap<String, Integer>();
        for (int i = 0; i < items.size(); i++) {
            index.put(items.get(i).id(), i);
        }
        float[][] dense = new float[items.size()][];
        int found = 0;
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("paperboy.db") + "?open_mode=1");
                var rows = db.createStatement().executeQuery("SELECT paper_id, vector FROM embeddings")) {
            while (rows.next()) {
                Integer i = index.get(rows.getString(1));
                if (i != null) {
                    var bytes = java.nio.ByteBuffer.wrap(rows.getBytes(2)).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                    dense[i] = new float[bytes.remaining()];
                    bytes.get(dense[i]);
                    found++;
                }
            }
        }
        out("e5 vectors: %,d of %,d papers, from %s%n", found, items.size(), dir);
        return dense;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void out(String format, Object... args) {
        System.out.printf(format, args);
        System.out.flush();
    }

    private static AuthorsAsUsers.Method method(String name, java.util.function.Function<AuthorsAsUsers.Member, IntToDoubleFunction> prepare) {
        return new AuthorsAsUsers.Method() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public IntToDoubleFunction prepare(AuthorsAsUsers.Member member) {
                return prepare.apply(member);
            }
        };
    }

    /**
     * Similar papers: for a sample of papers whose authors wrote others in the data, the share of those others
     * (at most 10) among the 10 nearest papers.
     */
    private void similar(List<AuthorsAsUsers.Item> items, List<SparseVector> vectors, List<SparseVector> rich, TfidfModel model,
            Affinity affinity) {
        var byAuthor = new HashMap<String, List<Integer>>();
        for (int i = 0; i < items.size(); i++) {
            for (String k : items.get(i).authorKeys()) {
                byAuthor.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
            }
        }
        var random = new Random(seed);
        var queries = new ArrayList<Integer>();
        var relevant = new HashMap<Integer, java.util.Set<Integer>>();
        int attempts = 0;
        while (queries.size() < similarQueries && attempts++ < similarQueries * 100) {
            int q = random.nextInt(items.size());
            var same = new java.util.HashSet<Integer>();
            for (String k : items.get(q).authorKeys()) {
                same.addAll(byAuthor.get(k));
            }
            same.remove(q);
            if (!same.isEmpty() && !relevant.containsKey(q)) {
                queries.add(q);
                relevant.put(q, same);
            }
        }
        out("%nsimilar papers: %d papers with other papers by the same authors, nearest 10 among all %,d%n",
                queries.size(), items.size());
        out("%-38s %10s %12s%n", "method", "Recall@10", "ms/paper");
        var names = new ArrayList<>(List.of("random", "TF-IDF cosine", "Paperboy (rare terms + category)", "arxiv-sanity-lite SVM"));
        if (dense != null) {
            names.add(2, "e5 nearest (paper pages' list)");
            names.add(3, "e5 + rare terms + category");
        }
        for (String name : names) {
            if (name.contains("SVM") && !methods.contains("svm")) {
                continue;
            }
            double recall = 0;
            long start = System.nanoTime();
            int n = name.contains("SVM") ? Math.min(queries.size(), 100) : queries.size();
            for (int qi = 0; qi < n; qi++) {
                int q = queries.get(qi);
                IntToDoubleFunction score = switch (name) {
                    case "random" -> {
                        var r = new Random(q);
                        double[] s = r.doubles(items.size()).toArray();
                        yield i -> s[i];
                    }
                    case "TF-IDF cosine" -> i -> vectors.get(i).dot(vectors.get(q));
                    // Papers without a vector yet are never a page's neighbours (k-NN cannot find them).
                    case "e5 nearest (paper pages' list)" -> i -> dense[i] == null || dense[q] == null ? -1 : dot(dense[i], dense[q]);
                    case "e5 + rare terms + category" -> {
                        var withDense = new Affinity(affinity.settings().withDense(denseWeight, denseFloor));
                        var profile = withDense.profile(List.of(new Affinity.Liked(items.get(q).id(), rich.get(q),
                                items.get(q).categories(), 1, dense[q])), List.of(), List.of(), vectorModel);
                        yield i -> withDense.score(profile, rich.get(i), dense[i], items.get(i).categories());
                    }
                    case "Paperboy (rare terms + category)" -> {
                        var profile = affinity.profile(List.of(new Affinity.Liked(items.get(q).id(), rich.get(q),
                                items.get(q).categories(), 1)), List.of(), List.of(), vectorModel);
                        yield i -> affinity.score(profile, rich.get(i), items.get(i).categories());
                    }
                    default -> {
                        boolean[] positive = new boolean[items.size()];
                        positive[q] = true;
                        LinearSvm svm = LinearSvm.train(vectors, positive, model.dimension(), 0.01, svmTolerance, 1_000, seed);
                        yield i -> svm.score(vectors.get(i));
                    }
                };
                var top = new java.util.PriorityQueue<double[]>((a, b) -> Double.compare(a[0], b[0]));
                for (int i = 0; i < items.size(); i++) {
                    if (i == q) {
                        continue;
                    }
                    double s = score.applyAsDouble(i);
                    if (top.size() < 10) {
                        top.add(new double[] {s, i});
                    } else if (s > top.peek()[0]) {
                        top.poll();
                        top.add(new double[] {s, i});
                    }
                }
                var same = relevant.get(q);
                long found = top.stream().filter(t -> same.contains((int) t[1])).count();
                recall += (double) found / Math.min(10, same.size());
            }
            out("%-38s %10.3f %12.1f%s%n", name, recall / n, (System.nanoTime() - start) / 1e6 / n,
                    n < queries.size() ? "   (first " + n + " papers: one SVM per paper is slow)" : "");
        }
    }
}
