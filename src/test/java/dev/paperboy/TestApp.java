package dev.paperboy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Map;

/**
 * A real Paperboy for tests: a temporary data directory, the real database (SQLite in it, or a fresh PostgreSQL
 * database: see {@link TestDatabases}), and (when started) the real HTTP server on a free loopback port. The clock
 * is fixed, because "today" and "new" depend on it.
 */
public final class TestApp implements AutoCloseable {
    /** The day after the last day of the bundled demo feed (2025-12-31), mid-morning UTC. */
    public static final Instant DEMO_NOW = Instant.parse("2025-12-31T10:00:00Z");

    private final Path dir;
    private final App app;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private int port = -1;

    private TestApp(Path dir, Config config, Clock clock) {
        this.dir = dir;
        this.app = new App(config, clock);
    }

    /** An empty catalogue; nothing loaded. */
    public static TestApp empty() {
        return create(false, DEMO_NOW);
    }

    /** The bundled demo catalogue loaded, as on a first start. */
    public static TestApp withDemo() {
        return withDemo(Map.of());
    }

    /** The demo catalogue loaded, with some configuration changed, e.g. {@code Map.of("search.embed", "false")}. */
    public static TestApp withDemo(Map<String, String> settings) {
        TestApp test = create(true, DEMO_NOW, settings);
        test.app.loadDemoIfEmpty();
        return test;
    }

    public static TestApp create(boolean demo, Instant now) {
        return create(demo, now, Map.of());
    }

    public static TestApp create(boolean demo, Instant now, Map<String, String> settings) {
        return create(demo, Clock.fixed(now, ZoneOffset.UTC), settings);
    }

    public static TestApp create(boolean demo, Clock clock, Map<String, String> settings) {
        try {
            Path dir = Files.createTempDirectory("paperboy-test");
            Config config = Config.defaultsOnly()
                    .with("data.dir", dir.toString())
                    .with("server.host", "127.0.0.1")
                    .with("server.port", "0")
                    .with("server.cache-ttl", "0")
                    // The suite starts hundreds of servers; OperationsTest covers the warm-up.
                    .with("search.warm-up", "0")
                    .with("demo.load", Boolean.toString(demo));
            for (var setting : settings.entrySet()) {
                config = config.with(setting.getKey(), setting.getValue());
            }
            if (!settings.containsKey("database.url")) {
                config = TestDatabases.configure(config);
            }
            return new TestApp(dir, config, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public App app() {
        return app;
    }

    public Path dataDir() {
        return dir;
    }

    /** Starts the HTTP server; returns this for chaining. */
    public TestApp start() {
        port = app.serve().port();
        return this;
    }

    public String baseUrl() {
        if (port < 0) {
            throw new IllegalStateException("call start() first");
        }
        return "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return get(pathAndQuery, null);
    }

    public HttpResponse<String> get(String pathAndQuery, String accept) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A file of the shared data and fixtures that the tests replay: from {@code ../shared} when it is there (all of
     * it, as recorded), else from the copy in {@code src/test/resources/shared} (the files the tests use, with
     * personal values replaced; see {@code scripts/build-test-fixtures.py}).
     */
    public static Path shared(String relative) {
        Path root = Path.of(System.getProperty("paperboy.shared", "../shared"));
        if (Files.exists(root.resolve(relative))) {
            return root.resolve(relative);
        }
        try {
            var copy = TestApp.class.getResource("/shared");
            if (copy != null && Files.exists(Path.of(copy.toURI()).resolve(relative))) {
                return Path.of(copy.toURI()).resolve(relative);
            }
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("missing test data " + relative + ": neither " + root.toAbsolutePath()
                + " nor src/test/resources/shared has it (run scripts/build-test-fixtures.py)");
    }

    @Override
    public void close() {
        app.close();
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
