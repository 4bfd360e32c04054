package dev.paperboy.cli;

import dev.paperboy.App;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
        // Ctrl-C finishes the batch in hand and stops: freeing the model mid-batch would crash in native code. The hook
        // waits for the work to be over, not for this thread to end: a normal exit runs the hook from this very
        // thread's System.exit, and joining it then would wait out the whole timeout.
        var stop = new AtomicBoolean();
        var finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.set(true);
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            return embed(stop);
        } finally {
            finished.countDown();
        }
    }

    private int embed(AtomicBoolean stop) {
        try (var app = new App(storage.loadExisting(), Clock.systemUTC());
                var progress = new TerminalProgress("embed", "papers", 1)) {
            long start = System.nanoTime();
            long before = app.catalogue().embeddedCount(dev.paperboy.embed.Embedder.MODEL);
            long after;
            try {
                after = app.embedMissing(threads, progress, stop::get);
            } catch (dev.paperboy.embed.Embedder.ClosedException e) {
                // Ctrl-C (or SIGTERM) stopped the batch in hand; what was saved before it stays.
                progress.close();
                System.err.printf("stopped: %,d papers embedded; run embed again to resume%n",
                        app.catalogue().embeddedCount(dev.paperboy.embed.Embedder.MODEL) - before);
                return 130;
            }
            progress.close();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("embedded %,d papers in %.1f s (%.1f papers/s); %,d of %,d papers have embeddings%n",
                    after - before, seconds, (after - before) / Math.max(seconds, 1e-9), after, app.catalogue().count());
        }
        return 0;
    }
}
