package dev.paperboy.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.embed.Embedder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.paperboy.ingest.Progress;

/**
 * Runs a BEIR-layout benchmark ({@code corpus.jsonl}, {@code queries.jsonl}, {@code qrels/<split>.tsv}) through the
 * same index, analysers, model and fusion that the server uses, and scores it as trec_eval does.
 */
public final class BeirEvaluation {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 32;

    /**
     * Mean nDCG@10 and Recall@100 over the judged queries, and the median and 95th-percentile time of one ranking
     * (embedding the query included).
     */
    public record Scores(SearchBackend.Mode mode, double ndcg10, double recall100, int queries, double p50Millis,
            double p95Millis) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%s nDCG@10=%.4f Recall@100=%.4f queries=%d p50=%.1fms p95=%.1fms",
                    mode.name().toLowerCase(java.util.Locale.ROOT), ndcg10, recall100, queries, p50Millis, p95Millis);
        }
    }

    record Document(String id, String title, String text) {}

    private final Path dir;
    private final Map<String, String> queries;
    private final Map<String, Map<String, Integer>> qrels;

    /** @throws IllegalArgumentException naming the missing file when {@code dir} is not a BEIR layout */
    public BeirEvaluation(Path dir, String split) {
        this.dir = dir;
        for (String need : List.of("corpus.jsonl", "queries.jsonl", "qrels/" + split + ".tsv")) {
            if (!Files.isRegularFile(dir.resolve(need))) {
                throw new IllegalArgumentException(dir.resolve(need) + " is missing; expected a BEIR folder "
                        + "(corpus.jsonl, queries.jsonl, qrels/" + split + ".tsv)");
            }
        }
        this.qrels = qrels(dir.resolve("qrels/" + split + ".tsv"));
        this.queries = new LinkedHashMap<>();
        jsonLines(dir.resolve("queries.jsonl")).forEach(q -> {
            if (qrels.containsKey(q.get("_id").asText())) {
                queries.put(q.get("_id").asText(), q.get("text").asText());
            }
        });
    }

    public int queryCount() {
        return queries.size();
    }

    /**
     * Queries per second when {@code clients} threads search at once, each of the split's queries sent once, and the
     * time of one search under that load (embedding the query included).
     */
    public record Load(String backend, SearchBackend.Mode mode, int clients, int queries, double seconds,
            double p50Millis, double p99Millis) {
        public double qps() {
            return queries / seconds;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%s %s clients=%d queries=%d qps=%.1f p50=%.1fms p99=%.1fms",
                    backend, mode.name().toLowerCase(java.util.Locale.ROOT), clients, queries, qps(), p50Millis, p99Millis);
        }
    }

    /** What one backend measured: the scores (one query at a time), then the loads. */
    public record Report(String backend, List<Scores> scores, List<Load> loads) {}

    /** The page a search asks for, as the search page does: the first 20 hits, by relevance, with highlights. */
    static final int PAGE = 20;

    /**
     * Indexes the corpus (embedding it unless only BM25 is asked for) and scores each mode.
     *
     * @param vectorCache a folder where corpus embeddings are kept between runs, keyed by corpus, model and length
     */
    public List<Scores> run(List<SearchBackend.Mode> modes, SearchBackend.Settings settings, Embedder embedder,
            int maxTokens, Path vectorCache, Progress progress) {
        return run(modes, settings, embedder, maxTokens, vectorCache, progress, SearchBackends::inMemory);
    }

    /** As {@link #run(List, SearchBackend.Settings, Embedder, int, Path, Progress)}, on the backend {@code open} gives. */
    public List<Scores> run(List<SearchBackend.Mode> modes, SearchBackend.Settings settings, Embedder embedder,
            int maxTokens, Path vectorCache, Progress progress,
            java.util.function.BiFunction<java.util.function.Function<String, float[]>, SearchBackend.Settings, SearchBackend> open) {
        return run(modes, settings, embedder, maxTokens, vectorCache, progress, Map.of("", open),
                List.of()).getFirst().scores();
    }

    /**
     * Scores each mode on each backend in turn (in {@code backends}' order, each named by its key), on the same corpus
     * and vectors; then, for each client count in {@code clients}, sends every query of the split once from that many
     * threads at once, each asking for the search page's first page as the server does, and measures the throughput.
     */
    public List<Report> run(List<SearchBackend.Mode> modes, SearchBackend.Settings settings, Embedder embedder,
            int maxTokens, Path vectorCache, Progress progress, Map<String, java.util.function.BiFunction<java.util.function.Function<String, float[]>, SearchBackend.Settings,
                    SearchBackend>> backends, List<Integer> clients) {
        List<Document> corpus = jsonLines(dir.resolve("corpus.jsonl")).stream()
                .map(n -> new Document(n.get("_id").asText(), n.path("title").asText(""), n.path("text").asText("")))
                .toList();
        boolean needVectors = modes.stream().anyMatch(m -> m != SearchBackend.Mode.BM25);
        Map<String, float[]> vectors = needVectors ? vectors(corpus, embedder, maxTokens, vectorCache, progress) : Map.of();
        var reports = new ArrayList<Report>();
        for (var backend : backends.entrySet()) {
            try (var search = backend.getValue().apply(needVectors ? embedder::embedQuery : null, settings)) {
                search.clear();
                var docs = new ArrayList<SearchDoc>(corpus.size());
                for (Document d : corpus) {
                    docs.add(new SearchDoc(d.id(), d.title(), d.text(), List.of(), List.of(), null, 0, false, vectors.get(d.id())));
                }
                search.index(docs);
                search.commit();
                var scores = new ArrayList<Scores>();
                for (SearchBackend.Mode mode : modes) {
                    scores.add(score(search, mode));
                }
                var loads = new ArrayList<Load>();
                for (SearchBackend.Mode mode : clients.isEmpty() ? List.<SearchBackend.Mode>of() : modes) {
                    // The scoring pass ranked 100 deep without highlights: a few pages first, so that the
                    // first load does not pay for compiling the page's code.
                    var warm = new ArrayList<>(queries.values()).subList(0, Math.min(50, queries.size()));
                    load(search, backend.getKey(), mode, 1, warm);
                    for (int n : clients) {
                        loads.add(load(search, backend.getKey(), mode, n, new ArrayList<>(queries.values())));
                    }
                }
                reports.add(new Report(backend.getKey(), scores, loads));
            }
        }
        return reports;
    }

    private Scores score(SearchBackend search, SearchBackend.Mode mode) {
        double ndcg = 0;
        double recall = 0;
        var millis = new ArrayList<Double>();
        for (var query : queries.entrySet()) {
            long start = System.nanoTime();
            List<String> ranked = search.rankIds(query.getValue(), mode, 100);
            millis.add((System.nanoTime() - start) / 1e6);
            Map<String, Integer> judged = qrels.get(query.getKey());
            ndcg += ndcgAt10(ranked, judged);
            recall += recallAt100(ranked, judged);
        }
        millis.sort(null);
        return new Scores(mode, ndcg / queries.size(), recall / queries.size(), queries.size(),
                millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.95) - 1));
    }

    /** Sends each query once through {@code clients} threads, back to back (a closed loop), and times each search. */
    static Load load(SearchBackend search, String backend, SearchBackend.Mode mode, int clients, List<String> texts) {
        var next = new java.util.concurrent.atomic.AtomicInteger();
        var millis = new double[texts.size()];
        var failure = new java.util.concurrent.atomic.AtomicReference<RuntimeException>();
        var threads = new Thread[clients];
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            threads[c] = Thread.ofPlatform().name("beir-client-" + c).start(() -> {
                for (int i = next.getAndIncrement(); i < texts.size() && failure.get() == null; i = next.getAndIncrement()) {
                    // The words as they are, as rankIds takes them: a BEIR query is prose, not Paperboy's syntax.
                    var query = new ParsedQuery(List.of(texts.get(i)), List.of(), List.of(), List.of(), List.of(), null, null);
                    long t = System.nanoTime();
                    try {
                        search.search(new SearchBackend.Request(query, SearchBackend.Filters.NONE,
                                SearchBackend.Order.RELEVANCE, mode, 0, PAGE));
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                    millis[i] = (System.nanoTime() - t) / 1e6;
                }
            });
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring the load", e);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw failure.get();
        }
        java.util.Arrays.sort(millis);
        return new Load(backend, mode, clients, texts.size(), seconds, percentile(millis, 0.5), percentile(millis, 0.99));
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))];
    }

    /** nDCG@10 as trec_eval computes it: gain = relevance grade, discount log2(rank + 1). */
    static double ndcgAt10(List<String> ranked, Map<String, Integer> judged) {
        double dcg = 0;
        for (int i = 0; i < Math.min(10, ranked.size()); i++) {
            dcg += judged.getOrDefault(ranked.get(i), 0) / log2(i + 2);
        }
        List<Integer> ideal = judged.values().stream().filter(g -> g > 0).sorted(Comparator.reverseOrder()).toList();
        double idcg = 0;
        for (int i = 0; i < Math.min(10, ideal.size()); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    static double recallAt100(List<String> ranked, Map<String, Integer> judged) {
        long relevant = judged.values().stream().filter(g -> g > 0).count();
        if (relevant == 0) {
            return 0;
        }
        long found = ranked.stream().limit(100).filter(id -> judged.getOrDefault(id, 0) > 0).count();
        return (double) found / relevant;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private Map<String, float[]> vectors(List<Document> corpus, Embedder embedder, int maxTokens, Path cacheDir,
            Progress progress) {
        Path cache = cacheDir == null ? null : cacheDir.resolve(cacheKey(maxTokens) + ".vectors");
        if (cache != null && Files.isRegularFile(cache)) {
            return readCache(cache);
        }
        // Similar lengths in a batch waste less work on padding.
        var byLength = new ArrayList<>(corpus);
        byLength.sort(Comparator.comparingInt(d -> d.title().length() + d.text().length()));
        var vectors = new HashMap<String, float[]>();
        for (int start = 0; start < byLength.size(); start += BATCH) {
            var batch = byLength.subList(start, Math.min(start + BATCH, byLength.size()));
            float[][] embedded = embedder.embedDocuments(batch.stream()
                    .map(d -> d.title().isEmpty() ? d.text() : SearchDoc.embeddingText(d.title(), d.text())).toList());
            for (int i = 0; i < batch.size(); i++) {
                vectors.put(batch.get(i).id(), embedded[i]);
            }
            progress.advance(vectors.size(), byLength.size());
        }
        if (cache != null) {
            writeCache(cache, vectors);
        }
        return vectors;
    }

    private String cacheKey(int maxTokens) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update(Files.readAllBytes(dir.resolve("corpus.jsonl")));
            digest.update((Embedder.MODEL + "|" + maxTokens).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 24);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, float[]> readCache(Path cache) {
        var vectors = new HashMap<String, float[]>();
        try (var in = new java.io.DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                vectors.put(id, Vectors.fromBytes(bytes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt embedding cache " + cache + "; delete it", e);
        }
        return vectors;
    }

    static void writeCache(Path cache, Map<String, float[]> vectors) {
        try {
            Files.createDirectories(cache.getParent());
            Path partial = cache.resolveSibling(cache.getFileName() + ".partial");
            try (var out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(partial)))) {
                out.writeInt(vectors.size());
                for (var e : vectors.entrySet()) {
                    out.writeUTF(e.getKey());
                    byte[] bytes = Vectors.toBytes(e.getValue());
                    out.writeInt(bytes.length);
                    out.write(bytes);
                }
            }
            Files.move(partial, cache, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the embedding cache " + cache, e);
        }
    }

    private static Map<String, Map<String, Integer>> qrels(Path file) {
        var qrels = new HashMap<String, Map<String, Integer>>();
        try (BufferedReader lines = Files.newBufferedReader(file)) {
            String line;
            while ((line = lines.readLine()) != null) {
                String[] parts = line.split("\t");
                if (parts.length < 3 || !parts[2].strip().matches("-?\\d+")) {
                    continue; // the header line, or a blank one
                }
                qrels.computeIfAbsent(parts[0], k -> new HashMap<>()).put(parts[1], Integer.parseInt(parts[2].strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        qrels.values().removeIf(judged -> judged.values().stream().noneMatch(g -> g > 0));
        return qrels;
    }

    private static List<JsonNode> jsonLines(Path file) {
        var nodes = new ArrayList<JsonNode>();
        try (BufferedReader lines = Files.newBufferedReader(file)) {
            String line;
            int n = 0;
            while ((line = lines.readLine()) != null) {
                n++;
                if (!line.isBlank()) {
                    try {
                        nodes.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new IllegalArgumentException(file + ":" + n + ": invalid JSON");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return nodes;
    }
}
