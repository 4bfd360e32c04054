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
        description = "Put a backup made by `paperboy backup` in place (stop the server first), into SQLite or "
                + "PostgreSQL (--database URL). On SQLite the current database and secret.key are kept beside it as "
                + "*.before-restore-TIME; on PostgreSQL every row is replaced in one transaction. The search index is "
                + "rebuilt when the server starts. Exit status 0 done, 2 when SRC is not a good backup, 4 while a server "
                + "uses the data directory or the database.")
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    StorageOptions storage;

    @Parameters(paramLabel = "SRC", description = "the directory `paperboy backup` wrote")
    Path src;

    @Override
    public Integer call() {
        var config = storage.load();
        Path dataDir = config.path("data.dir");
        boolean sqlite = config.databaseUrl().startsWith("sqlite:");
        if (sqlite) {
            // The file itself is replaced, before anything opens it.
            Backups.restore(src, dataDir, Clock.systemUTC());
        }
        try (var app = new App(config, Clock.systemUTC())) {
            if (!sqlite) {
                long rows = Backups.restore(src, app.database(), dataDir, Clock.systemUTC());
                System.out.printf("restored %,d rows into %s%n", rows, dev.paperboy.store.Database.redact(config.databaseUrl()));
            }
            int papers = app.catalogue().enqueueAllForSearch();
            System.out.printf("restored %s into %s; the server re-indexes %,d papers when it starts%n", src,
                    sqlite ? dataDir : dev.paperboy.store.Database.redact(config.databaseUrl()), papers);
        }
        return 0;
    }
}
