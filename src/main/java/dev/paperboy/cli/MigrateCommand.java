package dev.paperboy.cli;

import dev.paperboy.backup.Migration;
import dev.paperboy.store.Database;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Copy everything of a stopped SQLite instance (the data directory) into an empty PostgreSQL "
                + "database, in batches, then verify row counts and checksums table by table. Run it again after an "
                + "interruption: it resumes without duplicating anything. Exit status 0 copied and verified, 1 when a "
                + "table differs, 2 when the URL is wrong, 4 while a server uses the data directory or when the target "
                + "holds other data, 5 when PostgreSQL cannot be reached.")
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    StorageOptions storage;

    @Option(names = "--to", required = true, paramLabel = "URL",
            description = "the PostgreSQL database to copy into, postgresql://USER:PASSWORD@HOST:PORT/DB (empty, or holding an interrupted copy of this instance)")
    String to;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + Migration.BATCH,
            description = "rows per transaction (default ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() {
        String url = to.strip();
        if (!url.startsWith("postgresql://") && !url.startsWith("postgres://") && !url.startsWith("jdbc:postgresql://")) {
            throw new ErrorHandler.Failure(ErrorHandler.USAGE, "--to must be a PostgreSQL URL like "
                    + "postgresql://paperboy:SECRET@localhost:5432/paperboy, not '" + Database.redact(url) + "'");
        }
        var config = storage.load();
        long start = System.nanoTime();
        var report = new Migration(config.path("data.dir"), url, Clock.systemUTC(), batch, System.err::println).run();
        System.out.print(report.describe());
        if (!report.verified()) {
            throw new ErrorHandler.Failure(ErrorHandler.UNEXPECTED, "the copy differs from the source in "
                    + String.join(", ", report.differing()) + "; was the source or the target changed meanwhile?");
        }
        System.out.printf("copied and verified %d tables in %.1f s; serve from it with --database %s%n",
                report.tables().size(), (System.nanoTime() - start) / 1e9, Database.redact(url));
        return 0;
    }
}
