package dev.paperboy.cli;

import dev.paperboy.App;
import dev.paperboy.search.SearchBackend;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "reindex", mixinStandardHelpOptions = true,
        description = "Rebuild the search index from the database, with a progress bar. With a server running on the same data directory, hands the work to it instead.")
final class ReindexCommand implements Callable<Integer> {
    @Mixin
    StorageOptions storage;

    @Override
    public Integer call() {
        try (var app = new App(storage.load(), Clock.systemUTC())) {
            int queued = app.catalogue().enqueueAllForSearch();
            SearchBackend index;
            try {
                index = app.searchBackend();
            } catch (SearchBackend.IndexLockedException e) {
                System.out.printf("A server is running on this data directory; it is re-indexing %,d papers now (see /status).%n", queued);
                return 0;
            }
            index.clear();
            try (var progress = new TerminalProgress("reindex", "papers", 1)) {
                long start = System.nanoTime();
                long done = app.searchSync().drain(progress);
                progress.close();
                System.out.printf("indexed %,d papers in %.1f s%n", done, (System.nanoTime() - start) / 1e9);
            }
        }
        return 0;
    }
}
