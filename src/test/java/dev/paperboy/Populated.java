package dev.paperboy;

import dev.paperboy.authors.Follows;
import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import dev.paperboy.digest.Frequency;
import dev.paperboy.digest.Preferences;
import dev.paperboy.paper.Catalogue;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.TreeSet;
import java.util.List;
import java.util.Random;

/**
 * An instance with rows in every table: the demo catalogue and a community's activity — members, sessions, tokens,
 * votes, comments and replies, libraries, follows, "not interested", recommendations, subscriptions and the digest
 * ledger — made through Paperboy's own classes; the few tables only a harvest, an import or arXiv would fill get a
 * row written as those write them. For the tests of whole-database copies (migrate, backup, restore).
 */
public final class Populated {
    private Populated() {}

    /** The configuration of an instance with its data in {@code dataDir} and its database at {@code databaseUrl}. */
    public static Config config(Path dataDir, String databaseUrl) {
        return Config.defaultsOnly()
                .with("data.dir", dataDir.toString())
                .with("database.url", databaseUrl)
                .with("server.host", "127.0.0.1")
                .with("server.port", "0")
                .with("server.cache-ttl", "0")
                .with("search.embed", "false")
                .with("demo.load", "true");
    }

    /** The papers the members voted on, in the order of the feed. */
    public record Activity(List<String> votedPapers) {}

    /** Fills the instance {@code config} describes, then closes it (a stopped instance). */
    public static Activity fill(Config config) {
        try (var app = new App(config, Clock.fixed(TestApp.DEMO_NOW, ZoneOffset.UTC))) {
            app.loadDemoIfEmpty();
            var community = app.community();
            List<String> papers = app.catalogue().feed(Catalogue.FeedQuery.all(), Catalogue.Order.NEWEST, 0, 12)
                    .stream().map(l -> l.paper().id()).toList();
            var members = new ArrayList<User>();
            for (int m = 0; m < 5; m++) {
                User member = community.accounts().create("member" + m + "@example.org", "Member " + m,
                        m == 0 ? Role.CURATOR : Role.MEMBER);
                members.add(member);
                community.sessions().start(member);
                var token = community.tokens().create(member, "script " + m);
                if (m == 1) {
                    community.tokens().revoke(member, token.token().id());
                }
                community.accounts().setupLink(member);
                for (int p = 0; p <= m + 2; p++) {
                    community.votes().upvote(member, papers.get(p));
                }
                community.library().save(member, papers.get(m));
                var top = community.comments().add(member, papers.get(m), "Comment by member " + m + " — *Markdown*", null);
                community.comments().add(members.getFirst(), papers.get(m), "A reply to member " + m, top.id());
                app.recommendations().follows().follow(member, Follows.Kind.AUTHOR,
                        app.catalogue().find(papers.get(m + 5)).orElseThrow().paper().authors().getFirst());
                app.recommendations().follows().follow(member, Follows.Kind.CATEGORY, "cs.CL");
                app.recommendations().notInterested(member, papers.get(11 - m));
            }
            community.comments().hide(members.getFirst(), community.comments().add(members.get(3), papers.get(4),
                    "Off topic", null).id(), true);
            app.recommendations().refreshDue();
            var subscriptions = app.digests().subscriptions();
            subscriptions.addConfirmed("reader@example.org", Preferences.of("daily", List.of(), null));
            subscriptions.addConfirmed("nlp@example.org", Preferences.of("daily", List.of("cs.CL"), "language models"));
            subscriptions.saveForMember(members.get(2), Preferences.of("weekly", List.of("cs.LG"), null), true);
            try {
                app.digestSender().send(Frequency.DAILY, LocalDate.ofInstant(TestApp.DEMO_NOW, ZoneOffset.UTC), false, false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            var vectors = new HashMap<String, byte[]>();
            var random = new Random(7);
            for (String paper : papers.subList(0, 4)) {
                var vector = new byte[384 * 4];
                random.nextBytes(vector);
                vectors.put(paper, vector);
            }
            app.catalogue().saveEmbeddings("test-model", vectors);
            // What a harvest, an import and a submission leave behind, written as they write it.
            app.database().inTransaction(c -> {
                insert(c, "INSERT INTO import_checkpoints (source, line, updated_at) VALUES (?, ?, ?)",
                        "/data/arxiv-metadata-oai-snapshot.json|4711|1735600000", 1000, "2025-12-30T08:00:00Z");
                insert(c, "INSERT INTO harvest_state (stream, watermark, window_from, resumption_token, window_started, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", "https://oaipmh.arxiv.org/oai|cs|arXivRaw", "2025-12-30T20:00:00Z",
                        null, null, null, "2025-12-30T20:01:00Z");
                insert(c, "INSERT INTO harvest_runs (id, stream, started_at, finished_at, outcome, requests, inserted, watermark) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "run-1", "https://oaipmh.arxiv.org/oai|cs|arXivRaw",
                        "2025-12-30T20:00:00Z", "2025-12-30T20:01:00Z", "ok", 3, 120, "2025-12-30T20:00:00Z");
                insert(c, "INSERT INTO upstream_pacing (host, last_request_at) VALUES (?, ?)", "arxiv.org", "2025-12-30T20:01:00Z");
                insert(c, "INSERT INTO paper_deletions (paper_id, datestamp, recorded_at) VALUES (?, ?, ?)", papers.get(10),
                        "2025-12-29", "2025-12-30T20:01:00Z");
                insert(c, "INSERT INTO submissions (paper_id, user_id, comment, submitted_at) VALUES (?, ?, ?, ?)", papers.get(6),
                        members.get(4).id(), "Worth a read", "2025-12-30T09:00:00Z");
                insert(c, "INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)", "harvest",
                        "gone-host/1/abcd", "2025-12-30T20:05:00.000Z");
                return null;
            });
            return new Activity(papers);
        }
    }

    private static void insert(Connection c, String sql, Object... values) throws SQLException {
        try (var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }

    /** A plain JDBC connection to the SQLite file of {@code dataDir}. */
    public static Connection sqlite(Path dataDir) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("paperboy.db").toAbsolutePath());
    }

    /** A plain JDBC connection to a test PostgreSQL database by its {@code database.url}. */
    public static Connection postgresql(String url) throws SQLException {
        return DriverManager.getConnection("jdbc:" + url.replace("postgres:postgres@", ""), "postgres", "postgres");
    }

    /** The tables of a SQLite database that a whole-database copy moves (all but the three about the database itself). */
    public static List<String> tables(Connection sqlite) throws SQLException {
        var names = new TreeSet<String>();
        try (var s = sqlite.createStatement(); var rows = s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        names.removeAll(List.of("schema_version", "job_leases", "migrated_from"));
        return List.copyOf(names);
    }

    /**
     * Every row of {@code table}, each as text, sorted: independent of the copy's own checksums. Numbers compare by
     * value (REAL as the 4-byte float PostgreSQL keeps), blobs by their bytes.
     */
    public static List<String> rows(Connection connection, String table) throws SQLException {
        var rows = new ArrayList<String>();
        try (var s = connection.createStatement(); var result = s.executeQuery("SELECT * FROM " + table)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                var row = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    Object value = result.getObject(c);
                    row.append(result.getMetaData().getColumnName(c).toLowerCase()).append('=').append(switch (value) {
                        case null -> "null";
                        case Float f -> "F" + f;
                        case Double d -> "F" + (float) d.doubleValue();
                        case Number n -> "I" + n.longValue();
                        case byte[] b -> "B" + HexFormat.of().formatHex(b);
                        default -> "T" + value;
                    }).append(" | ");
                }
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        return rows;
    }
}
