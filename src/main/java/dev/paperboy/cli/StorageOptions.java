package dev.paperboy.cli;

import dev.paperboy.Config;
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
}
