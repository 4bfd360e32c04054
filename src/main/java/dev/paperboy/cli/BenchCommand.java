package dev.paperboy.cli;

import dev.paperboy.App;
import dev.paperboy.Config;
import dev.paperboy.ingest.ImportReport;
import dev.paperboy.ingest.Progress;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks, side by side with the peers they are measured against.",
        subcommands = {BenchCommand.Import.class, BenchHarvestCommand.class, BenchCommand.Search.class, BenchUpvotesCommand.class,
                BenchDigestCommand.class, BenchSearchAbuseCommand.class, BenchRecommendCommand.class,
                BenchSoakCommand.class, BenchKeywordsCommand.class, BenchReadsCommand.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Time importing a snapshot file into an empty database, alternating with the peer importer, and print both medians and their ratio.")
    static final class Import implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "snapshot file, e.g. ../shared/data/arxiv-cs/arxiv-metadata-2025-2026.jsonl.gz")
        Path file;

        @Option(names = "--peer", paramLabel = "SCRIPT", description = "the peer importer (python3 SCRIPT FILE DB), e.g. ../shared/bench/peer_import.py")
        Path peer;

        @Option(names = "--runs", defaultValue = "3", description = "runs of each (default ${DEFAULT-VALUE}); medians are reported")
        int runs;

        @Option(names = "--database", paramLabel = "URL", description = "also import into this PostgreSQL database "
                + "(postgresql://…), alternating with SQLite; it is EMPTIED before each run (its public schema is dropped)")
        String database;

        @Override
        public Integer call() throws Exception {
            if (database != null && !database.startsWith("postgresql://") && !database.startsWith("postgres://")) {
                System.err.println("paperboy: --database must be a postgresql:// URL of a database this benchmark may empty");
                return 2;
            }
            var ours = new ArrayList<Double>();
            var postgres = new ArrayList<Double>();
            var theirs = new ArrayList<Double>();
            long papers = 0;
            for (int run = 1; run <= runs; run++) {
                if (peer != null) {
                    double peerSeconds = runPeer();
                    theirs.add(peerSeconds);
                    System.out.printf("run %d: peer %.2f s%n", run, peerSeconds);
                }
                resetPeakHeap();
                ImportReport report = importOnce(null);
                double seconds = report.elapsed().toNanos() / 1e9;
                ours.add(seconds);
                papers = report.read();
                System.out.printf("run %d: paperboy %.2f s (%s), peak heap %d MB%n", run, seconds,
                        report.summary(), peakHeapBytes() >> 20);
                if (database != null) {
                    try (var db = dev.paperboy.store.Database.open(database)) {
                        db.jdbi().useHandle(h -> {
                            h.execute("DROP SCHEMA public CASCADE");
                            h.execute("CREATE SCHEMA public");
                        });
                    }
                    double pgSeconds = importOnce(database).elapsed().toNanos() / 1e9;
                    postgres.add(pgSeconds);
                    System.out.printf("run %d: paperboy on PostgreSQL %.2f s%n", run, pgSeconds);
                }
            }
            double ourMedian = median(ours);
            System.out.printf("%npaperboy: median %.2f s, %,.0f papers/s, peak heap %d MB%n",
                    ourMedian, papers / ourMedian, peakHeapBytes() >> 20);
            if (database != null) {
                double pgMedian = median(postgres);
                System.out.printf("paperboy on PostgreSQL: median %.2f s, %,.0f papers/s; SQLite is %.2fx faster%n",
                        pgMedian, papers / pgMedian, pgMedian / ourMedian);
            }
            if (peer != null) {
                double peerMedian = median(theirs);
                System.out.printf("peer:     median %.2f s, %,.0f papers/s%n", peerMedian, papers / peerMedian);
                System.out.printf("ratio:    paperboy is %.2fx faster than the peer%n", peerMedian / ourMedian);
            }
            return 0;
        }

        /** Imports {@link #file} into an empty database: {@code url}'s (emptied by the caller), or a new SQLite file. */
        private ImportReport importOnce(String url) throws IOException {
            Path dir = Files.createTempDirectory("paperboy-bench");
            try {
                Config config = Config.defaultsOnly().with("data.dir", dir.toString()).with("demo.load", "false");
                if (url != null) {
                    config = config.with("database.url", url);
                }
                try (var app = new App(config, Clock.systemUTC())) {
                    return app.snapshotImporter().importFile(file, Progress.NONE);
                }
            } finally {
                deleteTree(dir);
            }
        }

        private double runPeer() throws IOException, InterruptedException {
            Path db = Files.createTempFile("peer", ".db");
            Files.delete(db);
            long start = System.nanoTime();
            Process process = new ProcessBuilder("python3", peer.toString(), file.toString(), db.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            int status = process.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            Files.deleteIfExists(db);
            if (status != 0) {
                throw new IllegalStateException("the peer importer failed with status " + status);
            }
            return seconds;
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "Time searches one at a time (keyword-only and hybrid) over a data directory, side by side with the SQLite FTS5 peer, and report queries/s, p50/p99 and the share of queries whose source paper is in the top 10.")
    static final class Search implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        StorageOptions storage;

        @Option(names = "--queries", required = true, paramLabel = "TSV", description = "source_paper_id<TAB>query lines, e.g. ../shared/bench/queries-arxiv-cs.tsv")
        Path queries;

        @Option(names = "--peer", paramLabel = "SCRIPT", description = "peer_fts5_search.py")
        Path peer;

        @Option(names = "--peer-db", paramLabel = "DB", description = "the peer's database, built by peer_import.py")
        Path peerDb;

        @Option(names = "--peer-or", description = "also time the peer with OR between words (about 10 queries/s: slow)")
        boolean peerOr;

        @Option(names = "--clients", defaultValue = "50", description = "then over HTTP against the real server: this many "
                + "clients at once, each query once, to /api/papers/search and to /search, with /healthz probed meanwhile "
                + "(default ${DEFAULT-VALUE}; 0: skip)")
        int clients;

        @Option(names = "--rate", defaultValue = "0", description = "with --clients: queries per second offered in all, "
                + "each on its schedule (open loop); 0: every client back to back (default ${DEFAULT-VALUE})")
        double rate;

        @Option(names = "--port", defaultValue = "0", description = "load a server already running on 127.0.0.1 at "
                + "this port (a whole `paperboy serve` process) instead of one in this JVM; only the HTTP figures are measured")
        int port;

        @Option(names = "--minutes", defaultValue = "0", description = "with --port and --rate: keep searching this long, "
                + "the query list over and over with a different extra word each round (so no answer comes from the "
                + "search cache), and report each minute (default: each query once)")
        int minutes;

        @Option(names = "--rounds", defaultValue = "3", description = "with --clients: send the query list this many "
                + "times to each route, the search and response caches emptied before each round (default ${DEFAULT-VALUE}); "
                + "the median round is the route's figure")
        int rounds;

        @Override
        public Integer call() throws Exception {
            if (rounds < 1) {
                throw new IllegalArgumentException("--rounds must be at least 1, not " + rounds);
            }
            var lines = Files.readAllLines(queries).stream().filter(l -> l.contains("\t"))
                    .map(l -> l.split("\t", 2)).toList();
            if (port > 0) {
                return loadRunningServer(lines.stream().map(q -> q[1]).toList());
            }
            if (minutes > 0) {
                throw new IllegalArgumentException("--minutes needs --port (a running server) and --rate");
            }
            // Served as in production but with no background work: search.embed=false stops the backfill only,
            // queries are still embedded when papers have vectors, and each time (search.query-cache=0), because
            // every phase below sends the same queries again.
            var config = storage.load().with("server.host", "127.0.0.1").with("server.port", "0")
                    .with("server.trusted-proxies", "127.0.0.1").with("search.embed", "false").with("search.query-cache", "0")
                    .with("harvest.schedule", "false").with("digest.schedule", "false");
            double httpQps = 0;
            try (var app = new App(config, Clock.systemUTC())) {
                app.searchSync().drain(Progress.NONE);
                var search = app.searchBackend();
                var counts = search.counts();
                System.out.printf("index: %,d papers, %,d with embeddings%n", counts.documents(), counts.vectors());
                double keywordQps = 0;
                for (var mode : List.of(dev.paperboy.search.SearchBackend.Mode.BM25, dev.paperboy.search.SearchBackend.Mode.HYBRID)) {
                    for (String[] q : lines) {
                        search.rankIds(q[1], mode, 10); // warm up, as the peer does
                    }
                    var latencies = new ArrayList<Double>();
                    int hits = 0;
                    long start = System.nanoTime();
                    for (String[] q : lines) {
                        long t = System.nanoTime();
                        var ids = search.rankIds(q[1], mode, 10);
                        latencies.add((System.nanoTime() - t) / 1e6);
                        hits += ids.contains(q[0]) ? 1 : 0;
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    latencies.sort(null);
                    double qps = lines.size() / seconds;
                    if (mode == dev.paperboy.search.SearchBackend.Mode.BM25) {
                        keywordQps = qps;
                    }
                    System.out.printf(java.util.Locale.ROOT, "paperboy-%s queries=%d qps=%.1f p50_ms=%.2f p99_ms=%.2f hit@10=%.3f%n",
                            mode.name().toLowerCase(java.util.Locale.ROOT), lines.size(), qps,
                            latencies.get(latencies.size() / 2), latencies.get((int) (latencies.size() * 0.99) - 1),
                            (double) hits / lines.size());
                }
                if (counts.vectors() > 0) {
                    // Every hybrid search embeds its query on one core: the model alone bounds what the cores serve.
                    var embedder = app.queryEmbedder();
                    long start = System.nanoTime();
                    for (String[] q : lines) {
                        embedder.embedQuery(q[1]);
                    }
                    double ms = (System.nanoTime() - start) / 1e6 / lines.size();
                    int cores = Runtime.getRuntime().availableProcessors();
                    System.out.printf(java.util.Locale.ROOT, "query-embedding queries=%d ms_per_query=%.2f "
                            + "ceiling_qps=%.0f (%d cores doing nothing but embed queries)%n", lines.size(), ms,
                            cores * 1000 / ms, cores);
                }
                if (clients > 0) {
                    var web = app.serve();
                    var texts = lines.stream().map(q -> q[1]).toList();
                    var routes = List.of("/api/papers/search?limit=20&q=", "/search?q=");
                    // Warm-up of both routes with other queries (the same ones would be answered from the search
                    // cache): the in-process runs above compiled the search, not HTTP, JSON and the page, and a
                    // measured route still being compiled lost a sixth of both cores to the JIT (measured).
                    for (String word : List.of("method", "model")) {
                        for (String route : routes) {
                            SearchLoad.run(web.port(), route, texts.stream().map(q -> q + " " + word).toList(), clients, 0);
                        }
                    }
                    for (String route : routes) {
                        var rates = new ArrayList<Double>();
                        for (int round = 0; round < rounds; round++) {
                            // Each round does the whole work again: no answer or query vector is remembered from the last.
                            web.invalidate();
                            var result = SearchLoad.run(web.port(), route, texts, clients, rate);
                            System.out.println(result.describe());
                            rates.add(result.qps());
                        }
                        System.out.printf(java.util.Locale.ROOT, "paperboy-http route=%s median_qps=%.1f of %d rounds%n",
                                route.replaceFirst("\\?.*", ""), median(rates), rounds);
                        if (route.startsWith("/api/")) {
                            httpQps = median(rates);
                        }
                    }
                    System.out.println("memory after the load: " + dev.paperboy.ProcessMemory.describe());
                }
                if (peer != null && peerDb != null) {
                    for (String mode : peerOr ? List.of("--and", "--or") : List.of("--and")) {
                        var command = new ArrayList<>(List.of("python3", peer.toString(), peerDb.toString(), queries.toString()));
                        if (mode.equals("--and")) {
                            command.add("--and");
                        }
                        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                        String out = new String(process.getInputStream().readAllBytes()).strip();
                        process.waitFor();
                        System.out.println(out);
                        var m = java.util.regex.Pattern.compile("qps=([0-9.]+)").matcher(out);
                        if (m.find()) {
                            System.out.printf(java.util.Locale.ROOT, "ratio: paperboy keyword search is %.1fx the queries/s of %s%n",
                                    keywordQps / Double.parseDouble(m.group(1)), out.split(" ")[0]);
                            if (httpQps > 0) {
                                System.out.printf(java.util.Locale.ROOT, "ratio: paperboy over HTTP with %d clients is %.1fx the "
                                        + "one-at-a-time queries/s of %s%n", clients, httpQps / Double.parseDouble(m.group(1)), out.split(" ")[0]);
                            }
                        }
                    }
                }
            }
            return 0;
        }

        // Topical words that change a query's results without making it nonsense; one per round.
        private static final List<String> ROUND_WORDS = List.of("model", "learning", "analysis", "data", "network",
                "efficient", "robust", "survey", "benchmark", "theory", "large", "graph", "language", "vision", "optimal");

        private int loadRunningServer(List<String> texts) throws InterruptedException {
            if (minutes > 0 && rate <= 0) {
                throw new IllegalArgumentException("--minutes needs --rate (queries per second in all)");
            }
            int minutesToRun = Math.max(minutes, 1);
            for (int minute = 1; minute <= minutesToRun; minute++) {
                List<String> round = texts;
                if (minutes > 0) {
                    int needed = (int) Math.ceil(rate * 60);
                    round = new ArrayList<>(needed);
                    for (int i = 0; i < needed; i++) {
                        int pass = ((minute - 1) * needed + i) / texts.size();
                        String text = texts.get(i % texts.size());
                        // Two extra words: 225 different rounds before a query repeats (over 30 minutes at 100 queries/s).
                        int n = ROUND_WORDS.size();
                        round.add(pass == 0 ? text : text + " " + ROUND_WORDS.get(pass % n) + " " + ROUND_WORDS.get(pass / n % n));
                    }
                }
                for (String route : minutes > 0 ? List.of("/api/papers/search?limit=20&q=") : List.of("/api/papers/search?limit=20&q=", "/search?q=")) {
                    var result = SearchLoad.run(port, route, round, clients, rate);
                    System.out.println((minutes > 0 ? "minute " + minute + ": " : "") + result.describe());
                }
            }
            return 0;
        }
    }

    static double median(List<Double> values) {
        var sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void resetPeakHeap() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

}
