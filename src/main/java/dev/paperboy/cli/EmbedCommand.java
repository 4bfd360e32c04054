package dev.paperboy.cli;

import dev.paperboy.App;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Compute the embeddings papers lack, newest first, with a progress bar. Safe beside a running server, which indexes them as they arrive; resumable.")
final class EmbedCommand implements Callable<Integer> {
    @Mixin
    StorageOptions storage;

    @Option(names = "--threads", defaultValue = "0", description = "cores to use (default 0: all)")
    int threads;

    @Override
    public Integer call() {
        // Ctrl-C finishes the batch in hand and stops: killing the model mid-batch would crash in native code.
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread worker = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.set(true);
            try {
                worker.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try (var app = new App(storage.load(), Clock.systemUTC());
                var progress = new TerminalProgress("embed", "papers", 1)) {
            long start = System.nanoTime();
            long before = app.catalogue().embeddedCount(dev.paperboy.embed.Embedder.MODEL);
            long after = app.embedMissing(threads, progress, stop::get);
            progress.close();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("embedded %,d papers in %.1f s (%.1f papers/s); %,d of %,d papers have embeddings%n",
                    after - before, seconds, (after - before) / Math.max(seconds, 1e-9), after, app.catalogue().count());
        }
        return 0;
    }
}
