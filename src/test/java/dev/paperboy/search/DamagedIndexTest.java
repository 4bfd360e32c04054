package dev.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.App;
import dev.paperboy.Config;
import dev.paperboy.TestApp;
import dev.paperboy.embed.Embedder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The search index is derived data: whatever happened to its files, the server starts, serves its pages, says
 * what it found, and rebuilds the index from the database. Each case damages a real index built from the demo
 * catalogue (some papers with vectors, so that the index has vector files), then starts a server on it.
 */
class DamagedIndexTest {
    private static final String ADADAGRAD = "2402.11215";
    private static Path template;

    enum Damage { CORRUPT_SEGMENTS_FILE, TRUNCATED_SI, TRUNCATED_VECTORS, DELETED_CFS, DELETED_WITH_PENDING_UPVOTES,
        DELETED_WITH_EMPTY_QUEUE }

    @BeforeAll
    static void buildAnIndex() throws IOException {
        template = Files.createTempDirectory("paperboy-damaged-index");
        try (var app = new App(config(template), Clock.fixed(TestApp.DEMO_NOW, ZoneOffset.UTC))) {
            app.loadDemoIfEmpty();
            var vectors = new HashMap<String, byte[]>();
            List<String> ids = app.catalogue().ids();
            for (int i = 0; i < 50; i++) {
                float[] v = new float[384];
                v[i % 384] = 1;
                vectors.put(ids.get(i), Vectors.toBytes(v));
            }
            app.catalogue().saveEmbeddings(Embedder.MODEL, vectors);
            app.searchSync().drain(dev.paperboy.ingest.Progress.NONE);
        }
    }

    @AfterAll
    static void removeIt() {
        delete(template);
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void the_server_starts_serves_pages_and_rebuilds_the_index(Damage damage) throws Exception {
        Path data = Files.createTempDirectory("paperboy-damaged");
        try {
            copy(template, data);
            damage(data, damage);
            try (var app = new App(config(data), Clock.fixed(TestApp.DEMO_NOW, ZoneOffset.UTC))) {
                int port = app.serve().port();

                assertThat(get(port, "/papers").statusCode()).isEqualTo(200);
                assertThat(get(port, "/papers/" + ADADAGRAD).statusCode()).isEqualTo(200);
                assertThat(get(port, "/status").body()).contains("index recovery");
                assertThat(app.indexRecovery()).isNotNull();
                // The demo is small enough to be indexed again before the server listens.
                var search = get(port, "/search?q=AdAdaGrad");
                assertThat(search.statusCode()).isEqualTo(200);
                assertThat(search.body()).contains("data-paper-id=\"" + ADADAGRAD + "\"");
                assertThat(app.searchBackend().counts().documents()).isEqualTo(685);
            }
        } finally {
            delete(data);
        }
    }

    @Test
    void an_index_written_in_an_older_layout_is_replaced_and_rebuilt_with_highlights() throws Exception {
        Path data = Files.createTempDirectory("paperboy-old-index");
        try {
            copy(template, data);
            // Layout 2 indexed titles without offsets; Lucene refuses a field indexed two ways in one index.
            delete(data.resolve("index"));
            try (var directory = FSDirectory.open(data.resolve("index"));
                    var writer = new IndexWriter(directory, new IndexWriterConfig())) {
                var old = new Document();
                old.add(new StringField(SearchIndex.ID, ADADAGRAD, Field.Store.YES));
                old.add(new TextField(SearchIndex.TITLE, "AdAdaGrad", Field.Store.YES));
                writer.addDocument(old);
                writer.setLiveCommitData(Map.of("schema", "2").entrySet());
                writer.commit();
            }
            try (var app = new App(config(data), Clock.fixed(TestApp.DEMO_NOW, ZoneOffset.UTC))) {
                int port = app.serve().port();

                var found = get(port, "/api/papers/search?q=AdAdaGrad");
                assertThat(found.statusCode()).isEqualTo(200);
                assertThat(found.body()).contains("\"id\":\"" + ADADAGRAD + "\"")
                        .contains("{\"type\":\"highlight\",\"text\":\"AdAdaGrad\"}");
                assertThat(app.indexRecovery()).contains("earlier version in layout 2");
                assertThat(app.searchBackend().hasCurrentSchema()).isTrue();
                assertThat(app.searchBackend().counts().documents()).isEqualTo(685);
            }
        } finally {
            delete(data);
        }
    }

    private static void damage(Path data, Damage damage) throws Exception {
        Path index = data.resolve("index");
        switch (damage) {
            case CORRUPT_SEGMENTS_FILE -> {
                Path segments = only(index, "segments_");
                byte[] bytes = Files.readAllBytes(segments);
                for (int i = 20; i < Math.min(bytes.length, 60); i++) {
                    bytes[i] ^= 0x5A;
                }
                Files.write(segments, bytes);
            }
            case TRUNCATED_SI -> truncate(only(index, ".si"));
            // Small segments keep their vectors inside the compound file; a large one has its own .vec.
            case TRUNCATED_VECTORS -> truncate(exists(index, ".vec") ? only(index, ".vec") : only(index, ".cfs"));
            case DELETED_CFS -> Files.delete(only(index, ".cfs"));
            case DELETED_WITH_PENDING_UPVOTES -> {
                delete(index);
                try (var db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("paperboy.db"));
                        var insert = db.prepareStatement("INSERT INTO upvote_queue (paper_id, seq) VALUES (?, 1)")) {
                    insert.setString(1, ADADAGRAD);
                    insert.executeUpdate();
                }
            }
            case DELETED_WITH_EMPTY_QUEUE -> delete(index);
        }
    }

    private static boolean exists(Path dir, String part) throws IOException {
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().contains(part));
        }
    }

    private static Path only(Path dir, String part) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().contains(part)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + part + " file in " + dir));
        }
    }

    private static void truncate(Path file) throws IOException {
        try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
    }

    private static Config config(Path dir) {
        return Config.defaultsOnly()
                .with("data.dir", dir.toString())
                .with("server.host", "127.0.0.1")
                .with("server.port", "0")
                .with("server.cache-ttl", "0")
                .with("search.embed", "false")
                .with("demo.load", "true");
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("write.lock")) {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
