package dev.paperboy;

import dev.paperboy.feed.FeedService;
import dev.paperboy.feed.Trending;
import dev.paperboy.ingest.DemoCatalogue;
import dev.paperboy.ingest.FeedRules;
import dev.paperboy.ingest.HfDailyImporter;
import dev.paperboy.ingest.SnapshotImporter;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.store.Database;
import dev.paperboy.web.WebServer;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: reads the {@link Config} once and builds every part with {@code new}. The CLI and the
 * tests both start here, so what they exercise is what runs.
 */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final Config config;
    private final Clock clock;
    private final Database database;
    private final Catalogue catalogue;
    private final FeedService feed;
    private final Trending trending;
    private final FeedRules feedRules;
    private WebServer web;

    public App(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.database = Database.openSqlite(config.path("data.dir"));
        this.catalogue = new Catalogue(database, clock);
        this.feed = new FeedService(catalogue, clock, config.zone("feed.zone"),
                Duration.ofHours(config.integer("feed.new-hours")), config.integer("feed.page-size"));
        this.trending = new Trending(catalogue, feed, clock, 1.5, 0.5, Duration.ofDays(7));
        this.feedRules = new FeedRules(config.bool("feed.arxiv-auto"), config.list("feed.arxiv-categories"));
    }

    public Config config() {
        return config;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public FeedService feed() {
        return feed;
    }

    public SnapshotImporter snapshotImporter() {
        return new SnapshotImporter(database, catalogue, feedRules, clock);
    }

    public HfDailyImporter hfDailyImporter() {
        return new HfDailyImporter(catalogue);
    }

    /** Loads the bundled demo papers when the catalogue is empty and the configuration asks for them. */
    public void loadDemoIfEmpty() {
        if (config.bool("demo.load") && catalogue.count() == 0) {
            var counts = new DemoCatalogue(catalogue, hfDailyImporter()).load();
            LOG.info("Loaded the demo catalogue: {} papers", counts.inserted());
        }
    }

    /** Starts the HTTP server on the configured host and port (0 for any free port). */
    public WebServer serve() {
        web = new WebServer(catalogue, feed, trending, config.duration("server.cache-ttl"))
                .start(config.string("server.host"), config.integer("server.port"));
        return web;
    }

    @Override
    public void close() {
        if (web != null) {
            web.close();
        }
        database.close();
    }
}
