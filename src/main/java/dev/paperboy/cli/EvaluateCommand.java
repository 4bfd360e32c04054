package dev.paperboy.cli;

import dev.paperboy.embed.Embedder;
import dev.paperboy.search.BeirEvaluation;
import dev.paperboy.search.Fusion;
import dev.paperboy.search.SearchBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Measure search quality.",
        subcommands = {EvaluateCommand.Beir.class, EvaluateCommand.Navigational.class})
final class EvaluateCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "beir", mixinStandardHelpOptions = true,
            description = "Run a BEIR-layout benchmark through the server's own search code and print nDCG@10 and Recall@100 per mode.")
    static final class Beir implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "folder with corpus.jsonl, queries.jsonl and qrels/<split>.tsv")
        Path dir;

        @Option(names = "--mode", defaultValue = "all", split = ",",
                description = "bm25, dense, hybrid, several of them comma-separated, or all (default)")
        List<String> mode;

        @Option(names = "--split", defaultValue = "test", description = "qrels split (default test; tune on train)")
        String split;

        @Option(names = "--fusion", description = "zscore (default) or rrf")
        String fusion;

        @Option(names = "--semantic-weight", description = "weight of the semantic ranking in the fusion")
        Double semanticWeight;

        @Option(names = "--title-boost", description = "weight of title matches")
        Float titleBoost;

        @Option(names = "--related-threshold", description = "cosine similarity from which papers that do not match the words are shown")
        Double relatedThreshold;

        @Option(names = "--max-tokens", defaultValue = "512", description = "word pieces of each document the model reads (default 512, as search.max-tokens)")
        int maxTokens;

        @Option(names = "--cache", description = "folder to keep corpus embeddings between runs (default: the system temp folder)")
        Path cache;

        @Option(names = "--solr", split = ",", description = "evaluate on SolrCloud instead of the embedded index: Solr base URLs (the collection 'beir' is emptied and filled)")
        List<String> solr;

        @Option(names = "--clients", split = ",", paramLabel = "N[,N]",
                description = "then search with N clients at once (each query once, the search page's first page) and "
                        + "print queries/s, p50 and p99; with --solr, the embedded index first, then Solr, and the ratio")
        List<Integer> clients;

        @Override
        public Integer call() {
            var modes = new java.util.ArrayList<SearchBackend.Mode>();
            for (String m : mode) {
                var named = switch (m.strip()) {
                    case "all" -> List.of(SearchBackend.Mode.BM25, SearchBackend.Mode.DENSE, SearchBackend.Mode.HYBRID);
                    case "bm25" -> List.of(SearchBackend.Mode.BM25);
                    case "dense" -> List.of(SearchBackend.Mode.DENSE);
                    case "hybrid" -> List.of(SearchBackend.Mode.HYBRID);
                    default -> throw new IllegalArgumentException("--mode must be bm25, dense, hybrid or all, not " + m);
                };
                named.stream().filter(n -> !modes.contains(n)).forEach(modes::add);
            }
            List<Integer> loads = clients == null ? List.of() : clients;
            for (int n : loads) {
                if (n < 1 || n > MAX_CLIENTS) {
                    throw new IllegalArgumentException("--clients must be between 1 and " + MAX_CLIENTS + ", not " + n);
                }
            }
            var defaults = SearchBackend.Settings.DEFAULT;
            var settings = new SearchBackend.Settings(
                    titleBoost != null ? titleBoost : defaults.titleBoost(),
                    fusion == null ? defaults.fusion() : Fusion.Method.valueOf(fusion.toUpperCase(java.util.Locale.ROOT)),
                    semanticWeight != null ? semanticWeight : defaults.semanticWeight(),
                    relatedThreshold != null ? relatedThreshold : defaults.relatedThreshold());
            var evaluation = new BeirEvaluation(dir, split);
            Path vectorCache = cache != null ? cache : Path.of(System.getProperty("java.io.tmpdir"), "paperboy-beir-cache");
            boolean dense = modes.stream().anyMatch(m -> m != SearchBackend.Mode.BM25);
            try (var embedder = dense ? Embedder.load(maxTokens) : null;
                    var progress = new TerminalProgress("embed corpus", "docs", 1)) {
                // Under load, the embedded index is measured beside Solr on the same corpus and vectors.
                var backends = new java.util.LinkedHashMap<String, java.util.function.BiFunction<
                        java.util.function.Function<String, float[]>, SearchBackend.Settings, SearchBackend>>();
                if (solr == null || !loads.isEmpty()) {
                    backends.put("embedded", dev.paperboy.search.SearchBackends::inMemory);
                }
                if (solr != null) {
                    backends.put("solr", (embed, s) -> dev.paperboy.search.SearchBackends.solr(solr, "beir", 1, 1, embed, s));
                }
                var reports = evaluation.run(modes, settings, embedder, maxTokens, vectorCache, progress, backends, loads);
                progress.close();
                for (var report : reports) {
                    report.scores().forEach(s -> System.out.println((reports.size() > 1 ? report.backend() + " " : "") + s));
                }
                reports.forEach(r -> r.loads().forEach(System.out::println));
                if (reports.size() == 2) {
                    var embedded = reports.get(0).loads();
                    var other = reports.get(1).loads();
                    for (int i = 0; i < embedded.size(); i++) {
                        var e = embedded.get(i);
                        var o = other.get(i);
                        System.out.printf(java.util.Locale.ROOT, "solr/embedded %s clients=%d: qps x%.2f, p50 x%.2f, p99 x%.2f%n",
                                e.mode().name().toLowerCase(java.util.Locale.ROOT), e.clients(), o.qps() / e.qps(),
                                o.p50Millis() / e.p50Millis(), o.p99Millis() / e.p99Millis());
                    }
                }
            }
            return 0;
        }

        /** More threads than this measure the machine's scheduler, not search. */
        static final int MAX_CLIENTS = 1024;
    }

    @Command(name = "navigational", mixinStandardHelpOptions = true,
            description = "Generate the searches people type to find a paper or an author (exact titles, the name "
                    + "before a title's colon, full names, rare surnames, names as citations write them) from a catalogue, and print how well search "
                    + "finds them, before any paper has an embedding and with every paper embedded.")
    static final class Navigational implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        StorageOptions storage;

        @Option(names = "--demo", description = "evaluate the bundled demo catalogue (in a temporary folder)")
        boolean demo;

        @Option(names = "--max-queries", defaultValue = "1000", description = "at most this many queries of each kind (default 1000)")
        int maxQueries;

        @Option(names = "--no-embeddings", description = "measure only search without embeddings")
        boolean noEmbeddings;

        @Option(names = "--related-threshold", description = "cosine similarity from which papers that do not match the words are shown")
        Double relatedThreshold;

        @Option(names = "--calibrate", description = "also print the similarity of each name query's closest wrong paper (deciles)")
        boolean calibrate;

        @Override
        public Integer call() throws java.io.IOException {
            Path temp = demo ? java.nio.file.Files.createTempDirectory("paperboy-navigational") : null;
            var flags = new java.util.HashMap<String, String>();
            if (temp != null) {
                flags.put("data.dir", temp.toString());
                flags.put("demo.load", "true");
            }
            try (var app = new dev.paperboy.App(temp != null ? storage.load(flags) : storage.loadExisting(flags),
                    java.time.Clock.systemUTC())) {
                if (temp != null) {
                    app.loadDemoIfEmpty();
                }
                var stored = dev.paperboy.search.NavigationalData.read(app.catalogue());
                if (stored.papers().isEmpty()) {
                    System.err.println("No papers in " + app.config().path("data.dir")
                            + ": import some, or use --demo to evaluate the bundled demo catalogue.");
                    return 2;
                }
                var settings = SearchBackend.Settings.DEFAULT;
                if (relatedThreshold != null) {
                    settings = settings.withRelatedThreshold(relatedThreshold);
                }
                var evaluation = new dev.paperboy.search.NavigationalEvaluation(stored.papers(), maxQueries);
                System.out.printf("%,d papers%n", evaluation.paperCount());
                System.out.println("no embeddings:   " + evaluation.run(java.util.Map.of(), null, settings));
                if (!noEmbeddings) {
                    try (var embedder = Embedder.load(app.config().integer("search.max-tokens"));
                            var progress = new TerminalProgress("embed catalogue", "papers", 1)) {
                        var vectors = dev.paperboy.search.NavigationalData.complete(stored, embedder,
                                Path.of(System.getProperty("java.io.tmpdir"), "paperboy-beir-cache"), progress);
                        progress.close();
                        System.out.println("with embeddings: " + evaluation.run(vectors, embedder::embedQuery, settings));
                        if (calibrate) {
                            var sims = evaluation.wrongNeighbourSimilarities(vectors, embedder::embedQuery);
                            var deciles = new StringBuilder("closest wrong paper of a name query, cosine deciles:");
                            for (int d = 0; d <= 10; d++) {
                                deciles.append(String.format(java.util.Locale.ROOT, " %.3f",
                                        sims.get(Math.min(sims.size() - 1, d * sims.size() / 10))));
                            }
                            System.out.println(deciles);
                        }
                    }
                }
            } finally {
                if (temp != null) {
                    try (var paths = java.nio.file.Files.walk(temp)) {
                        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            java.nio.file.Files.deleteIfExists(p);
                        }
                    }
                }
            }
            return 0;
        }
    }
}
