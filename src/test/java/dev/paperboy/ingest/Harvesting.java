package dev.paperboy.ingest;

import dev.paperboy.paper.Catalogue;
import dev.paperboy.store.Database;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A real harvester on a real catalogue (SQLite or PostgreSQL, see TestDatabases), with the injected clock and sleeper instead of real time. */
final class Harvesting implements AutoCloseable {
    static final Instant START = Instant.parse("2015-01-07T09:00:00Z");
    static final Duration INTERVAL = Duration.ofSeconds(3);

    final ManualClock clock;
    final Database database;
    final Catalogue catalogue;
    final HarvestLog log;
    final OaiHarvester harvester;
    final URI baseUrl;

    Harvesting(Path dir, URI baseUrl, ManualClock clock, Duration timeout, Duration maxWait) {
        this(dir, baseUrl, clock, timeout, maxWait, new FeedRules(true, List.of("*")));
    }

    Harvesting(Path dir, URI baseUrl, ManualClock clock, Duration timeout, Duration maxWait, FeedRules feedRules) {
        this.clock = clock;
        this.baseUrl = baseUrl;
        this.database = dev.paperboy.TestDatabases.open(dir);
        this.catalogue = new Catalogue(database, clock);
        this.log = new HarvestLog(database, clock);
        var settings = new ArxivSettings(baseUrl, URI.create("http://127.0.0.1:1/api/query"), "ops@example.org",
                INTERVAL, timeout, maxWait, Duration.ofSeconds(10), Duration.ofMinutes(5));
        var politeness = new Politeness(database, "arxiv.org", INTERVAL, clock, clock.sleeper());
        var http = new PoliteHttp(settings, politeness, clock, clock.sleeper());
        this.harvester = new OaiHarvester(database, catalogue, feedRules, http, log, clock, 3,
                Duration.ofMinutes(45));
    }

    Harvesting(Path dir, URI baseUrl, ManualClock clock) {
        this(dir, baseUrl, clock, Duration.ofSeconds(5), Duration.ofMinutes(30));
    }

    HarvestReport harvest() throws InterruptedException {
        return harvester.harvest(new OaiHarvester.Request(baseUrl, "", "arXivRaw", null));
    }

    HarvestLog.State state() {
        return log.state(new OaiHarvester.Request(baseUrl, "", "arXivRaw", null).stream());
    }

    /** Every paper as "id|title|versions|updated|hash", in id order: what two runs must agree on. */
    List<String> papers() {
        return database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT id || '|' || title || '|' || version_count || '|' || updated || '|' || content_hash FROM papers ORDER BY id")
                .mapTo(String.class).list());
    }

    List<String> ids() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM papers ORDER BY id").mapTo(String.class).list());
    }

    List<String> feed() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT paper_id || '@' || day FROM feed_entries ORDER BY paper_id")
                .mapTo(String.class).list());
    }

    @Override
    public void close() {
        database.close();
    }
}
