package dev.paperboy.cli;

import dev.paperboy.App;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true, description = "Export data for use elsewhere.",
        subcommands = {ExportCommand.Embeddings.class})
final class ExportCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "embeddings", mixinStandardHelpOptions = true,
            description = "Write every paper embedding of the current model as JSON Lines (gzip when FILE ends in .gz), "
                    + "the format `import embeddings` reads.")
    static final class Embeddings implements Callable<Integer> {
        @Mixin
        StorageOptions storage;

        @Parameters(paramLabel = "FILE", description = "where to write, e.g. embeddings.jsonl.gz")
        Path file;

        @Override
        public Integer call() {
            try (var app = new App(storage.loadExisting(), Clock.systemUTC())) {
                long count = app.exportEmbeddings(file);
                System.out.printf("exported %,d embeddings to %s%n", count, file);
                return 0;
            }
        }
    }
}
