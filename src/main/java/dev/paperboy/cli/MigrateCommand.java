package dev.paperboy.cli;

import dev.paperboy.Config;
import dev.paperboy.backup.Migration;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.search.SearchBackend;
import dev.paperboy.search.SearchBackends;
import dev.paperboy.search.SearchSync;
import dev.paperboy.store.Database;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Copy everything of a stopped SQLite instance (the data directory) into an empty PostgreSQL "
                + "database, in batches, then verify row counts and checksums table by table; with --search solr, "
                + "then fill a SolrCloud collection from the copy and verify its document count. Run it again after an "
                + "interruption: it resumes without duplicating anything. Exit status 0 copied and verified, 1 when a "
                + "table or the collection differs, 2 when a URL is wrong, 4 while a server uses the data directory or "
                + "when the target holds other data, 5 when PostgreSQL or Solr cannot be reached.")
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    StorageOptions storage;

    @Option(names = "--to", required = true, paramLabel = "URL",
            description = "the PostgreSQL database to copy into, postgresql://USER:PASSWORD@HOST:PORT/DB (empty, or holding an interrupted copy of this instance)")
    String to;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + Migration.BATCH,
            description = "rows per transaction (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--search", paramLabel = "BACKEND",
            description = "solr: after the copy, fill a SolrCloud collection from it (key search.backend)")
    String search;

    @Option(names = "--solr-urls", split = ",", paramLabel = "URL",
            description = "with --search solr: Solr base URLs, such as http://solr1:8983/solr,http://solr2:8983/solr (key search.solr.urls)")
    List<String> solrUrls;

    @Option(names = "--solr-collection", paramLabel = "NAME",
            description = "with --search solr: the collection, created when missing (key search.solr.collection)")
    String solrCollection;

    @Override
    public Integer call() {
        String url = to.strip();
        if (!url.startsWith("postgresql://") && !url.startsWith("postgres://") && !url.startsWith("jdbc:postgresql://")) {
            throw new ErrorHandler.Failure(ErrorHandler.USAGE, "--to must be a PostgreSQL URL like "
                    + "postgresql://paperboy:SECRET@localhost:5432/paperboy, not '" + Database.redact(url) + "'");
        }
        var config = storage.load(searchFlags());
        if (search != null) {
            requireSolrUrls(config);
        }
        long start = System.nanoTime();
        var report = new Migration(config.path("data.dir"), url, Clock.systemUTC(), batch, System.err::println).run();
        System.out.print(report.describe());
        if (!report.verified()) {
            throw new ErrorHandler.Failure(ErrorHandler.UNEXPECTED, "the copy differs from the source in "
                    + String.join(", ", report.differing()) + "; was the source or the target changed meanwhile?");
        }
        System.out.printf("copied and verified %d tables in %.1f s; serve from it with --database %s%n",
                report.tables().size(), (System.nanoTime() - start) / 1e9, Database.redact(url));
        if (search != null) {
            fillSolr(config.with("database.url", url));
        }
        return 0;
    }

    private java.util.Map<String, String> searchFlags() {
        var flags = new HashMap<String, String>();
        if (search == null) {
            if (solrUrls != null || solrCollection != null) {
                throw new ErrorHandler.Failure(ErrorHandler.USAGE, "--solr-urls and --solr-collection go with --search solr");
            }
            return flags;
        }
        if (!search.strip().equals("solr")) {
            throw new ErrorHandler.Failure(ErrorHandler.USAGE, "--search can only be solr (the embedded index stays in "
                    + "the data directory, or a new node builds its own), not '" + search + "'");
        }
        flags.put("search.backend", "solr");
        if (solrUrls != null) {
            flags.put("search.solr.urls", String.join(",", solrUrls));
        }
        if (solrCollection != null) {
            flags.put("search.solr.collection", solrCollection);
        }
        return flags;
    }

    /** Checked before the copy, so that a mistyped URL is found before minutes of copying. */
    private static void requireSolrUrls(Config config) {
        List<String> urls = config.list("search.solr.urls");
        if (urls.isEmpty()) {
            throw new ErrorHandler.Failure(ErrorHandler.USAGE, "--search solr needs --solr-urls: the Solr nodes' base URLs, "
                    + "such as http://solr1:8983/solr,http://solr2:8983/solr");
        }
        for (String solr : urls) {
            URI uri;
            try {
                uri = URI.create(solr.strip());
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new ErrorHandler.Failure(ErrorHandler.USAGE, "--solr-urls must be Solr base URLs like "
                        + "http://solr1:8983/solr, not '" + solr + "'");
            }
        }
        if (config.string("search.solr.collection").isBlank()) {
            throw new ErrorHandler.Failure(ErrorHandler.USAGE, "--solr-collection must name a collection");
        }
    }

    /**
     * Fills the collection from the copy (not from the source: what Solr holds is what the nodes will serve), and
     * proves it complete by its document count. The copy stays whatever happens here; running the command again
     * verifies the copy and fills the collection again (by id, so nothing is duplicated).
     */
    private static void fillSolr(Config config) {
        String collection = config.string("search.solr.collection");
        String again = "; the database copy is complete and verified: run the same command again to fill the collection";
        long start = System.nanoTime();
        try (Database database = Database.open(config.databaseUrl());
                SearchBackend index = SearchBackends.open(config, Clock.systemUTC(), null)) {
            var catalogue = new Catalogue(database, Clock.systemUTC());
            long indexed;
            try (var progress = new TerminalProgress("solr", "papers", 1)) {
                indexed = new SearchSync(catalogue, index).indexAll(dev.paperboy.embed.Embedder.MODEL, progress);
            }
            long papers = catalogue.count();
            SearchBackend.Counts counts = index.counts();
            System.out.printf("%-22s %,12d %,12d %,12d  %s%n", "solr:" + collection, papers, counts.documents(), indexed,
                    counts.documents() == papers ? "same count" : "DIFFERENT count");
            if (counts.documents() != papers) {
                throw new ErrorHandler.Failure(ErrorHandler.UNEXPECTED, String.format("the Solr collection %s holds %,d "
                        + "documents for %,d papers; it must hold this database's papers only: give a new one with "
                        + "--solr-collection", collection, counts.documents(), papers));
            }
            System.out.printf("filled and verified Solr collection %s (%,d papers, %,d with vectors) in %.1f s; serve with "
                    + "search.backend=solr and search.solr.urls=%s%n", collection, counts.documents(), counts.vectors(),
                    (System.nanoTime() - start) / 1e9, String.join(",", config.list("search.solr.urls")));
        } catch (SearchBackend.UnavailableException e) {
            throw new ErrorHandler.Failure(ErrorHandler.NETWORK, e.getMessage() + again);
        } catch (ErrorHandler.Failure e) {
            throw e;
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            // Solr answered with an error (a wrong path, a collection it cannot create): say which, in one line.
            throw new ErrorHandler.Failure(ErrorHandler.UNEXPECTED, "Solr refused: " + ErrorHandler.firstLine(e.getMessage()) + again);
        }
    }
}
