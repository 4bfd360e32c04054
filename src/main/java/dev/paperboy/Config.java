package dev.paperboy;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The effective configuration: defaults, then a config file, then {@code PAPERBOY_*} environment variables, then
 * command-line flags, each overriding the one before. Read once at start-up and handed to constructors.
 */
public final class Config {
    private static final String ENV_PREFIX = "PAPERBOY_";

    private final Map<String, String> values;
    private final Map<String, String> origins;

    private Config(Map<String, String> values, Map<String, String> origins) {
        this.values = values;
        this.origins = origins;
    }

    /**
     * @param file a config file to read, or null to read {@code ./paperboy.properties} when it exists
     * @param env the process environment
     * @param flags values given on the command line, by key
     * @throws ConfigException when a named file is missing, or a key is unknown
     */
    public static Config load(Path file, Map<String, String> env, Map<String, String> flags) {
        var values = new TreeMap<String, String>();
        var origins = new TreeMap<String, String>();
        defaults().forEach((k, v) -> {
            values.put(k, v);
            origins.put(k, "default");
        });
        Path chosen = file != null ? file : env.containsKey(ENV_PREFIX + "CONFIG") ? Path.of(env.get(ENV_PREFIX + "CONFIG")) : null;
        if (chosen == null && Files.isRegularFile(Path.of("paperboy.properties"))) {
            chosen = Path.of("paperboy.properties");
        }
        if (chosen != null) {
            if (!Files.isRegularFile(chosen)) {
                throw new ConfigException("config file " + chosen + (Files.isDirectory(chosen) ? " is a directory" : " does not exist")
                        + "; give the path of a .properties file with --config FILE");
            }
            for (var entry : read(chosen).entrySet()) {
                put(values, origins, entry.getKey(), entry.getValue(), chosen.toString());
            }
        }
        var byEnvName = new LinkedHashMap<String, String>();
        values.keySet().forEach(k -> byEnvName.put(envName(k), k));
        env.forEach((name, value) -> {
            String key = byEnvName.get(name);
            if (key != null) {
                values.put(key, value);
                origins.put(key, "env " + name);
            }
        });
        flags.forEach((k, v) -> put(values, origins, k, v, "flag"));
        return new Config(values, origins);
    }

    /** Defaults only; tests start from here and override with {@link #with}. */
    public static Config defaultsOnly() {
        return load(null, Map.of(), Map.of());
    }

    /** A copy with one key changed, for tests and for values decided at start-up. */
    public Config with(String key, String value) {
        var copy = new TreeMap<>(values);
        var copyOrigins = new TreeMap<>(origins);
        put(copy, copyOrigins, key, value, "override");
        return new Config(copy, copyOrigins);
    }

    /** {@code server.port} → {@code PAPERBOY_SERVER_PORT}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static void put(Map<String, String> values, Map<String, String> origins, String key, String value, String origin) {
        if (!values.containsKey(key)) {
            throw new ConfigException("unknown configuration key '" + key + "' (from " + origin + "); "
                    + "`paperboy config` lists the known keys");
        }
        values.put(key, value.strip());
        origins.put(key, origin);
    }

    public String string(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new ConfigException("unknown configuration key '" + key + "'");
        }
        return value;
    }

    public int integer(String key) {
        try {
            return Integer.parseInt(string(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, not '" + string(key) + "'");
        }
    }

    public boolean bool(String key) {
        return switch (string(key).toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(key + " must be true or false, not '" + string(key) + "'");
        };
    }

    public List<String> list(String key) {
        return Arrays.stream(string(key).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public double decimal(String key) {
        try {
            return Double.parseDouble(string(key).strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a number, not '" + string(key) + "'");
        }
    }

    public Path path(String key) {
        return Path.of(string(key));
    }

    /** A duration in seconds ({@code 2}) or ISO-8601 ({@code PT2S}). */
    public Duration duration(String key) {
        String text = string(key);
        try {
            return text.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(text)) : Duration.parse(text);
        } catch (RuntimeException e) {
            throw new ConfigException(key + " must be seconds or an ISO-8601 duration like PT2S, not '" + text + "'");
        }
    }

    public ZoneId zone(String key) {
        try {
            return ZoneId.of(string(key));
        } catch (RuntimeException e) {
            throw new ConfigException(key + " must be a time zone like UTC or Europe/Paris, not '" + string(key) + "'");
        }
    }

    /** {@code database.url}, or when it is empty the embedded SQLite database in {@code data.dir}. */
    public String databaseUrl() {
        String url = string("database.url");
        return url.isEmpty() ? "sqlite:" + string("data.dir") : url;
    }

    public boolean production() {
        return string("mode").equalsIgnoreCase("production");
    }

    /** Every key with its effective value, secrets masked, and where the value came from. */
    public String describe() {
        var out = new StringBuilder();
        values.forEach((key, value) -> {
            String shown = isSecret(key) && !value.isEmpty() ? "******"
                    : key.equals("database.url") ? dev.paperboy.store.Database.redact(value) : value;
            out.append(key).append(" = ").append(shown).append("    # ").append(origins.get(key))
                    .append(", env ").append(envName(key)).append('\n');
        });
        return out.toString();
    }

    static boolean isSecret(String key) {
        return key.endsWith("secret") || key.endsWith("password") || key.endsWith("token");
    }

    private static Map<String, String> defaults() {
        try (InputStream in = Config.class.getResourceAsStream("/paperboy-defaults.properties")) {
            var properties = new Properties();
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            var map = new TreeMap<String, String>();
            properties.forEach((k, v) -> map.put(k.toString(), v.toString()));
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            var properties = new Properties();
            properties.load(reader);
            var map = new TreeMap<String, String>();
            properties.forEach((k, v) -> map.put(k.toString(), v.toString()));
            return map;
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
    }
}
