package dev.paperboy.cli;

import dev.paperboy.App;
import dev.paperboy.backup.Backups;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Put a backup made by `paperboy backup` in place (stop the server first). The current database "
                + "and secret.key are kept beside it as *.before-restore-TIME; the search index is rebuilt when the "
                + "server starts. Exit status 0 done, 2 when SRC is not a good backup, 4 while a server uses the data directory.")
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    StorageOptions storage;

    @Parameters(paramLabel = "SRC", description = "the directory `paperboy backup` wrote")
    Path src;

    @Override
    public Integer call() {
        var config = storage.load();
        try {
            Backups.restore(src, config.path("data.dir"), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            System.err.println("paperboy: " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            System.err.println("paperboy: " + e.getMessage());
            return 4;
        }
        try (var app = new App(config, Clock.systemUTC())) {
            int papers = app.catalogue().enqueueAllForSearch();
            System.out.printf("restored %s into %s; the server re-indexes %,d papers when it starts%n", src,
                    config.path("data.dir"), papers);
        }
        return 0;
    }
}
