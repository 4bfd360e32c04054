package dev.paperboy.cli;

import dev.paperboy.App;
import dev.paperboy.ingest.ImportReport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import papers. Safe while the server runs on the same data directory, and safe to repeat.",
        subcommands = {ImportCommand.ArxivSnapshot.class, ImportCommand.HfDaily.class, ImportCommand.Embeddings.class})
final class ImportCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "arxiv-snapshot", mixinStandardHelpOptions = true,
            description = "Import the arXiv metadata snapshot (JSON Lines, plain or .gz). Interrupted imports resume.")
    static final class ArxivSnapshot implements Callable<Integer> {
        @Mixin
        StorageOptions storage;

        @Parameters(paramLabel = "FILE", description = "arxiv-metadata-oai-snapshot.json[.gz] or a file in its format")
        Path file;

        @picocli.CommandLine.Option(names = "--keywords", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "then extract keywords and a summary for papers without them (3-7 ms a paper; "
                        + "--no-keywords leaves it to the server's background worker)")
        boolean keywords;

        @Override
        public Integer call() {
            try (var app = new App(storage.load(), Clock.systemUTC());
                    var progress = new TerminalProgress("import " + file.getFileName(), "MB", 1 << 20)) {
                ImportReport report = app.snapshotImporter().importFile(file, progress);
                progress.close();
                int status = print(report);
                fillKeywords(app, keywords);
                return status;
            }
        }
    }

    @Command(name = "hf-daily", mixinStandardHelpOptions = true,
            description = "Import Hugging Face daily-papers dumps: a file, or a folder of YYYY-MM-DD.json[.gz] files.")
    static final class HfDaily implements Callable<Integer> {
        @Mixin
        StorageOptions storage;

        @Parameters(paramLabel = "PATH", description = "a /api/daily_papers JSON file, or a folder of them")
        Path path;

        @picocli.CommandLine.Option(names = "--keywords", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "then extract keywords and a summary for papers without them "
                        + "(--no-keywords leaves it to the server's background worker)")
        boolean keywords;

        @Override
        public Integer call() {
            try (var app = new App(storage.load(), Clock.systemUTC());
                    var progress = new TerminalProgress("import " + path.getFileName(), "files", 1)) {
                ImportReport report = app.hfDailyImporter().importPath(path, progress);
                progress.close();
                int status = print(report);
                fillKeywords(app, keywords);
                return status;
            }
        }
    }

    @Command(name = "embeddings", mixinStandardHelpOptions = true,
            description = "Import paper embeddings computed elsewhere (JSON Lines, plain or .gz; see the README). "
                    + "Checks every line and a random sample against the local model first; refuses the file as a whole on any mismatch.")
    static final class Embeddings implements Callable<Integer> {
        @Mixin
        StorageOptions storage;

        @Parameters(paramLabel = "FILE", description = "one {\"id\", \"model\", \"vector\"} object per line, as `export embeddings` writes")
        Path file;

        @picocli.CommandLine.Option(names = "--check", defaultValue = "16",
                description = "papers to spot-check against the local model (default ${DEFAULT-VALUE})")
        int check;

        @Override
        public Integer call() {
            if (check < 1) {
                throw new IllegalArgumentException("--check must be at least 1");
            }
            try (var app = new App(storage.load(), Clock.systemUTC());
                    var progress = new TerminalProgress("import " + file.getFileName(), "vectors", 1)) {
                var report = app.importEmbeddings(file, check, progress);
                progress.close();
                System.out.println(report.summary());
                return 0;
            }
        }
    }

    /** Gives the papers that lack them Paperboy's keywords and summaries (Hugging Face's stay as imported). */
    static void fillKeywords(App app, boolean enabled) {
        if (enabled) {
            long started = System.nanoTime();
            long done = app.fillKeywords(() -> false);
            if (done > 0) {
                System.out.printf("Keywords and summaries extracted for %,d papers in %.1f s%n", done,
                        (System.nanoTime() - started) / 1e9);
            }
        }
    }

    /** Prints the summary and every reported problem; exit status 0 when clean, 3 when records were skipped. */
    static int print(ImportReport report) {
        for (var problem : report.problems()) {
            System.err.println("skipped " + problem);
        }
        if (report.skipped() > report.problems().size()) {
            System.err.printf("… and %,d more skipped records%n", report.skipped() - report.problems().size());
        }
        System.out.println(report.summary());
        if (report.truncated()) {
            System.out.println("The input ended early. Everything before the cut is imported; run again with the complete file to finish.");
        }
        return report.clean() ? 0 : 3;
    }
}
