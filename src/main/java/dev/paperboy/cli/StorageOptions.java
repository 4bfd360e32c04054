package dev.paperboy.cli;

import dev.paperboy.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command that touches storage shares. */
final class StorageOptions {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default ./data, key data.dir).")
    Path data;

    @Option(names = "--database", paramLabel = "URL",
            description = "Database URL (default: SQLite in the data directory; postgresql://USER:PASSWORD@HOST:PORT/DB; key database.url).")
    String database;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default ./paperboy.properties if present).")
    Path configFile;

    Config load(Map<String, String> moreFlags) {
        var flags = new HashMap<String, String>(moreFlags);
        if (data != null) {
            flags.put("data.dir", data.toString());
        }
        if (database != null) {
            flags.put("database.url", database);
        }
        return Config.load(configFile, System.getenv(), flags);
    }

    Config load() {
        return load(Map.of());
    }

    /**
     * The configuration for a job that reads a catalogue: a mistyped {@code --data} must say so, not create an empty
     * data directory and report that it holds no papers.
     */
    Config loadExisting(Map<String, String> moreFlags) {
        Config config = load(moreFlags);
        String url = config.databaseUrl();
        if (url.startsWith("sqlite:")) {
            Path dir = Path.of(url.substring("sqlite:".length())).toAbsolutePath();
            if (!Files.isRegularFile(dir.resolve("paperboy.db"))) {
                throw new ErrorHandler.Failure(ErrorHandler.USAGE, "no Paperboy data in " + dir + " (no paperboy.db); "
                        + "choose the data directory with --data DIR, or import papers first");
            }
        }
        return config;
    }

    Config loadExisting() {
        return loadExisting(Map.of());
    }
}
