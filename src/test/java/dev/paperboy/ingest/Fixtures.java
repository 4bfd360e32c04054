package dev.paperboy.ingest;

import dev.paperboy.TestApp;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** The real payloads the ingest tests replay, and small ways to write (and damage) copies of them. */
final class Fixtures {
    /** The first 200 records of the genuine Kaggle arXiv snapshot: ids 0704.0001 … 0704.0200, in that order. */
    static final Path SNAPSHOT_200 =
            TestApp.shared("fixtures/arxiv/kaggle-snapshot/arxiv-metadata-oai-snapshot.head200.jsonl");

    /** 74,728 real cs papers of 2025-2026 in the snapshot layout (one version each, announcement day). */
    static final Path ARXIV_CS = TestApp.shared("data/arxiv-cs/arxiv-metadata-2025-2026.jsonl.gz");

    private static final Map<String, String> ARXIV_CS_LINES = new HashMap<>();

    private Fixtures() {}

    static List<String> snapshotLines() {
        try {
            return Files.readAllLines(SNAPSHOT_200, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A real Hugging Face daily-papers response, {@code YYYY-MM-DD.json.gz}. */
    static Path hfDay(String day) {
        return TestApp.shared("data/hf-daily/" + day + ".json.gz");
    }

    /** The first {@code n} lines of the arxiv-cs sample. */
    static List<String> arxivCsHead(int n) {
        var lines = new ArrayList<String>(n);
        try (var reader = arxivCsReader()) {
            String line;
            while (lines.size() < n && (line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** The arxiv-cs sample's line for each id asked for (scanning the file once per new set of ids). */
    static synchronized String arxivCsLine(String id) {
        if (!ARXIV_CS_LINES.containsKey(id)) {
            var wanted = new HashSet<>(Set.of("2503.11781", "2503.11787", "2503.11792", "2512.23576"));
            wanted.add(id);
            try (var reader = arxivCsReader()) {
                String line;
                while ((line = reader.readLine()) != null && !ARXIV_CS_LINES.keySet().containsAll(wanted)) {
                    for (String w : wanted) {
                        if (line.startsWith("{\"id\": \"" + w + "\"")) {
                            ARXIV_CS_LINES.put(w, line);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String line = ARXIV_CS_LINES.get(id);
        if (line == null) {
            throw new IllegalArgumentException(id + " is not in " + ARXIV_CS);
        }
        return line;
    }

    private static BufferedReader arxivCsReader() throws IOException {
        return new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(ARXIV_CS), 1 << 16), StandardCharsets.UTF_8));
    }

    /** Writes the lines, each ending in a newline, gzip-compressed when the name ends in {@code .gz}. */
    static Path write(Path dir, String name, List<String> lines) {
        var text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        return writeBytes(dir, name, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Path writeBytes(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), name.endsWith(".gz") ? gzip(bytes) : bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] bytes) {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(Path file) {
        try (var in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plain JDBC connection to the test app's database, to look at what the catalogue API does not show. */
    static Connection sql(TestApp test) {
        try {
            return dev.paperboy.TestDatabases.connect(test.dataDir());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(TestApp test, String query) {
        try (var connection = sql(test); var rows = connection.createStatement().executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void execute(TestApp test, String statement, Object... args) {
        try (var connection = sql(test); var s = connection.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes these papers and their feed entries, as if an import had never reached them. */
    static void deletePapers(TestApp test, List<String> ids) {
        try (var connection = sql(test)) {
            connection.setAutoCommit(false);
            try (var feed = connection.prepareStatement("DELETE FROM feed_entries WHERE paper_id = ?");
                    var papers = connection.prepareStatement("DELETE FROM papers WHERE id = ?")) {
                for (String id : ids) {
                    feed.setString(1, id);
                    feed.addBatch();
                    papers.setString(1, id);
                    papers.addBatch();
                }
                feed.executeBatch();
                papers.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
