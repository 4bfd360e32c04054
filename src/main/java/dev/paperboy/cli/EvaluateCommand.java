package dev.paperboy.cli;

import dev.paperboy.embed.Embedder;
import dev.paperboy.search.BeirEvaluation;
import dev.paperboy.search.Fusion;
import dev.paperboy.search.PaperSearch;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Measure search quality.",
        subcommands = {EvaluateCommand.Beir.class})
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

        @Option(names = "--mode", defaultValue = "all", description = "bm25, dense, hybrid or all (default)")
        String mode;

        @Option(names = "--split", defaultValue = "test", description = "qrels split (default test; tune on train)")
        String split;

        @Option(names = "--fusion", description = "zscore (default) or rrf")
        String fusion;

        @Option(names = "--semantic-weight", description = "weight of the semantic ranking in the fusion")
        Double semanticWeight;

        @Option(names = "--title-boost", description = "weight of title matches")
        Float titleBoost;

        @Option(names = "--max-tokens", defaultValue = "512", description = "word pieces of each document the model reads (default 512, as search.max-tokens)")
        int maxTokens;

        @Option(names = "--cache", description = "folder to keep corpus embeddings between runs (default: the system temp folder)")
        Path cache;

        @Override
        public Integer call() {
            var modes = switch (mode) {
                case "all" -> List.of(PaperSearch.Mode.BM25, PaperSearch.Mode.DENSE, PaperSearch.Mode.HYBRID);
                case "bm25" -> List.of(PaperSearch.Mode.BM25);
                case "dense" -> List.of(PaperSearch.Mode.DENSE);
                case "hybrid" -> List.of(PaperSearch.Mode.HYBRID);
                default -> throw new IllegalArgumentException("--mode must be bm25, dense, hybrid or all, not " + mode);
            };
            var defaults = PaperSearch.Settings.DEFAULT;
            var settings = new PaperSearch.Settings(
                    titleBoost != null ? titleBoost : defaults.titleBoost(),
                    fusion == null ? defaults.fusion() : Fusion.Method.valueOf(fusion.toUpperCase(java.util.Locale.ROOT)),
                    semanticWeight != null ? semanticWeight : defaults.semanticWeight());
            var evaluation = new BeirEvaluation(dir, split);
            Path vectorCache = cache != null ? cache : Path.of(System.getProperty("java.io.tmpdir"), "paperboy-beir-cache");
            boolean dense = modes.stream().anyMatch(m -> m != PaperSearch.Mode.BM25);
            try (var embedder = dense ? Embedder.load(maxTokens) : null;
                    var progress = new TerminalProgress("embed corpus", "docs", 1)) {
                var scores = evaluation.run(modes, settings, embedder, maxTokens, vectorCache, progress);
                progress.close();
                scores.forEach(System.out::println);
            }
            return 0;
        }
    }
}
