package dev.paperboy.cli;

import dev.paperboy.App;
import dev.paperboy.backup.Backups;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Copy the database (a consistent online copy; the server may keep running and writing) and "
                + "secret.key into DEST, a new directory. On PostgreSQL too, the copy is one portable SQLite file, "
                + "read from one snapshot. The search index is not copied: restore rebuilds it. "
                + "Exit status 0 done, 2 when DEST is not a new or empty directory or cannot be written.")
final class BackupCommand implements Callable<Integer> {
    @Mixin
    StorageOptions storage;

    @Parameters(paramLabel = "DEST", description = "a directory that does not exist yet (or is empty)")
    Path dest;

    @Override
    public Integer call() {
        var config = storage.load();
        try (var app = new App(config, Clock.systemUTC())) {
            long start = System.nanoTime();
            var report = Backups.backup(app.database(), config.path("data.dir"), dest);
            System.out.printf("backed up %s (%,d KB)%s to %s in %.1f s%n", Backups.DATABASE, report.bytes() >> 10,
                    report.secret() ? " and " + Backups.SECRET : "", dest, (System.nanoTime() - start) / 1e9);
            return 0;
        }
    }
}
