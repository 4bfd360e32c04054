package dev.paperboy;

import dev.paperboy.community.Accounts;
import dev.paperboy.community.ApiTokens;
import dev.paperboy.community.Comments;
import dev.paperboy.community.Community;
import dev.paperboy.community.Library;
import dev.paperboy.community.Passwords;
import dev.paperboy.community.RateLimiter;
import dev.paperboy.community.Secrets;
import dev.paperboy.community.Sessions;
import dev.paperboy.community.Submissions;
import dev.paperboy.community.Votes;
import dev.paperboy.digest.DigestComposer;
import dev.paperboy.digest.DigestSchedule;
import dev.paperboy.digest.DigestScheduler;
import dev.paperboy.digest.DigestSender;
import dev.paperboy.digest.SendLedger;
import dev.paperboy.digest.Digests;
import dev.paperboy.digest.Subscriptions;
import dev.paperboy.feed.FeedService;
import dev.paperboy.mail.Mailer;
import dev.paperboy.feed.Trending;
import dev.paperboy.ingest.DemoCatalogue;
import dev.paperboy.ingest.FeedRules;
import dev.paperboy.ingest.ArxivApiClient;
import dev.paperboy.ingest.ArxivSettings;
import dev.paperboy.ingest.HarvestLog;
import dev.paperboy.ingest.HarvestScheduler;
import dev.paperboy.ingest.HfDailyImporter;
import dev.paperboy.ingest.OaiHarvester;
import dev.paperboy.ingest.PoliteHttp;
import dev.paperboy.ingest.Politeness;
import dev.paperboy.ingest.Sleeper;
import dev.paperboy.ingest.SnapshotImporter;
import dev.paperboy.embed.EmbeddingBackfill;
import dev.paperboy.embed.Embedder;
import dev.paperboy.ingest.Progress;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.authors.Follows;
import dev.paperboy.recommend.Affinity;
import dev.paperboy.recommend.Recommendations;
import dev.paperboy.search.PaperSearch;
import dev.paperboy.search.SearchIndex;
import dev.paperboy.search.SearchSync;
import dev.paperboy.store.Database;
import dev.paperboy.web.StatusPage;
import dev.paperboy.web.WebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final HarvestLog harvestLog;
    private PoliteHttp arxivHttp;
    private HarvestScheduler harvestScheduler;
    private static final int SYNC_BEFORE_LISTENING = 5_000;

    private final Background background = new Background();
    private SearchIndex searchIndex;
    private Embedder queryEmbedder;
    private Embedder backfillEmbedder;
    private WebServer web;
    private Community community;
    private Mailer mailer;
    private Digests digests;
    private Recommendations recommendations;

    public App(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.database = Database.openSqlite(config.path("data.dir"));
        this.catalogue = new Catalogue(database, clock);
        this.feed = new FeedService(catalogue, clock, config.zone("feed.zone"),
                Duration.ofHours(config.integer("feed.new-hours")), config.integer("feed.page-size"));
        this.trending = new Trending(catalogue, feed, clock, config.decimal("trending.gravity"),
                config.decimal("trending.comment-weight"), config.duration("trending.window"));
        this.feedRules = new FeedRules(config.bool("feed.arxiv-auto"), config.list("feed.arxiv-categories"));
        this.harvestLog = new HarvestLog(database, clock);
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

    /** The OAI-PMH harvester, sharing one polite HTTP client (and its rate limit) with {@link #arxivApi()}. */
    public OaiHarvester harvester() {
        ArxivSettings settings = ArxivSettings.from(config);
        // The lease outlives the longest a run can wait on one page, so a live harvest never loses it.
        var leaseTtl = settings.maxWait().plus(settings.timeout().multipliedBy(2)).plusMinutes(5);
        return new OaiHarvester(database, catalogue, feedRules, arxivHttp(), harvestLog, clock,
                config.integer("harvest.initial-days"), leaseTtl);
    }

    /** The harvest the configuration describes ({@code arxiv.oai-base-url}, {@code harvest.set}, {@code harvest.format}). */
    public OaiHarvester.Request harvestRequest(LocalDate from) {
        return new OaiHarvester.Request(ArxivSettings.from(config).oaiBaseUrl(), config.string("harvest.set"),
                config.string("harvest.format"), from);
    }

    public ArxivApiClient arxivApi() {
        return new ArxivApiClient(ArxivSettings.from(config).apiBaseUrl(), arxivHttp());
    }

    public HarvestLog harvestLog() {
        return harvestLog;
    }

    /** The harvest's facts for {@code /status}: the last run and the next scheduled one. */
    public java.util.Map<String, String> harvestStatus() {
        return harvestLog.status(harvestScheduler == null ? null : harvestScheduler.next());
    }

    public FeedRules feedRules() {
        return feedRules;
    }

    private synchronized PoliteHttp arxivHttp() {
        if (arxivHttp == null) {
            ArxivSettings settings = ArxivSettings.from(config);
            if (settings.contact().isBlank()) {
                LOG.warn("arxiv.contact is not set; arXiv asks harvesters to name a contact address in the User-Agent");
            }
            var politeness = new Politeness(database, "arxiv.org", settings.minInterval(), clock, Sleeper.REAL);
            arxivHttp = new PoliteHttp(settings, politeness, clock, Sleeper.REAL);
        }
        return arxivHttp;
    }

    /** Members and what they do; built on first use (it needs the server secret). */
    public synchronized Community community() {
        if (community == null) {
            var secrets = new Secrets(serverSecret());
            var accounts = new Accounts(database, new Passwords(), secrets, mailer(), clock, config.string("server.base-url"));
            var limits = new Community.Limits(
                    RateLimiter.parse("login", config.string("ratelimit.login"), clock),
                    RateLimiter.parse("sign-up", config.string("ratelimit.signup"), clock),
                    RateLimiter.parse("password reset", config.string("ratelimit.reset"), clock),
                    RateLimiter.parse("submission", config.string("ratelimit.submit"), clock));
            var submissions = new Submissions(database, catalogue, feed, submissionLookup(), clock,
                    config.integer("submit.max-age-days"), config.integer("submit.per-day"));
            community = new Community(accounts, new Sessions(database, accounts, clock, config.duration("session.max-age")),
                    new ApiTokens(database, accounts, clock), new Votes(database, catalogue, clock),
                    new Library(database, catalogue, clock), new Comments(database, catalogue, clock), submissions,
                    secrets, limits, config.integer("submit.max-age-days"));
        }
        return community;
    }

    /** Digest subscriptions, composing and scheduling; built on first use (links are signed with the server secret). */
    public synchronized Digests digests() {
        if (digests == null) {
            String baseUrl = config.string("server.base-url");
            var subscriptions = new Subscriptions(database, community().secrets(), mailer(), clock, baseUrl);
            String from = mailer().settings().from().replaceAll(".*<([^>]+)>.*", "$1").strip();
            var composer = new DigestComposer(catalogue, trending, subscriptions, baseUrl, from,
                    config.integer("digest.max-papers"));
            digests = new Digests(subscriptions, composer, DigestSchedule.from(config),
                    RateLimiter.parse("subscribe", config.string("ratelimit.subscribe"), clock), clock);
        }
        return digests;
    }

    /** Sends digests through the ledger ({@code digest.lease}, {@code digest.retry-*}). */
    public DigestSender digestSender() {
        var d = digests();
        return new DigestSender(d.subscriptions(), d.composer(), mailer(), new SendLedger(database, clock,
                config.duration("digest.lease")), clock, Sleeper.REAL, config.duration("digest.retry-initial"),
                config.integer("digest.retry-attempts"));
    }

    /** Members' "for you" lists and what they follow. */
    public synchronized Recommendations recommendations() {
        if (recommendations == null) {
            recommendations = new Recommendations(database, catalogue, new Follows(database, clock),
                    new Affinity(Affinity.Settings.DEFAULT), clock, config.zone("feed.zone"),
                    new Recommendations.Settings(config.integer("recommend.days"), config.integer("recommend.keep"),
                            config.integer("recommend.members-per-step"), config.integer("recommend.corpus")));
        }
        return recommendations;
    }

    public synchronized Mailer mailer() {
        if (mailer == null) {
            var settings = Mailer.Settings.from(config);
            if (!settings.configured()) {
                LOG.warn("smtp.host is not set: mails (account confirmations, password resets) are written to the log");
            }
            mailer = new Mailer(settings, clock);
        }
        return mailer;
    }

    /**
     * arXiv lookups for submissions: a member is waiting, so a lookup gives up after seconds, not after the
     * harvester's patient half hour; it still shares the spacing of requests with every other arXiv client here.
     */
    private ArxivApiClient submissionLookup() {
        ArxivSettings s = ArxivSettings.from(config);
        Duration timeout = s.timeout().compareTo(Duration.ofSeconds(15)) < 0 ? s.timeout() : Duration.ofSeconds(15);
        var quick = new ArxivSettings(s.oaiBaseUrl(), s.apiBaseUrl(), s.contact(), s.minInterval(), timeout,
                Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofSeconds(8));
        var politeness = new Politeness(database, "arxiv.org", s.minInterval(), clock, Sleeper.REAL);
        return new ArxivApiClient(s.apiBaseUrl(), new PoliteHttp(quick, politeness, clock, Sleeper.REAL));
    }

    public HfDailyImporter hfDailyImporter() {
        return new HfDailyImporter(catalogue);
    }

    /**
     * The key that signs cookies and links. From {@code server.secret}; in development, when unset, a random key is
     * generated once and kept in the data directory so that links stay valid across restarts.
     *
     * @throws ConfigException in production mode when {@code server.secret} is unset
     */
    public String serverSecret() {
        String configured = config.string("server.secret");
        if (!configured.isEmpty()) {
            if (configured.length() < 32) {
                throw new ConfigException("server.secret must be at least 32 characters long");
            }
            return configured;
        }
        if (config.production()) {
            throw new ConfigException("server.secret is not set; production mode needs it "
                    + "(set " + Config.envName("server.secret") + " to 32+ random characters, e.g. `openssl rand -hex 32`)");
        }
        Path file = config.path("data.dir").resolve("secret.key");
        try {
            if (!Files.exists(file)) {
                var bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                Files.writeString(file, HexFormat.of().formatHex(bytes));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    LOG.warn("Cannot restrict permissions of {}; keep the data directory private", file);
                }
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    /** Loads the bundled demo papers when the catalogue is empty and the configuration asks for them. */
    public void loadDemoIfEmpty() {
        if (config.bool("demo.load") && catalogue.count() == 0) {
            var counts = new DemoCatalogue(catalogue, hfDailyImporter()).load();
            LOG.info("Loaded the demo catalogue: {} papers", counts.inserted());
        }
    }

    /**
     * The Lucene index under {@code data/index}, opened on first use. Only one process may hold it.
     *
     * @throws SearchIndex.IndexLockedException when another process (a running server) holds it
     */
    public synchronized SearchIndex searchIndex() {
        if (searchIndex == null) {
            searchIndex = SearchIndex.open(config.path("data.dir").resolve("index"));
        }
        return searchIndex;
    }

    public SearchSync searchSync() {
        return new SearchSync(catalogue, searchIndex());
    }

    /** The model for queries, on every core, loaded on first use. */
    public synchronized Embedder queryEmbedder() {
        if (queryEmbedder == null) {
            queryEmbedder = Embedder.load(config.integer("search.max-tokens"));
        }
        return queryEmbedder;
    }

    public PaperSearch paperSearch() {
        return new PaperSearch(searchIndex(), queryEmbedder()::embedQuery, PaperSearch.Settings.DEFAULT);
    }

    /**
     * Embeds every paper that lacks an embedding, on {@code threads} cores (0: all), until done or until
     * {@code stop} says so between batches. Returns how many papers have an embedding.
     */
    public long embedMissing(int threads, Progress progress, java.util.function.BooleanSupplier stop) {
        catalogue.forgetEmbeddingsOtherThan(Embedder.MODEL);
        try (var embedder = Embedder.load(config.integer("search.max-tokens"), threads)) {
            var backfill = new EmbeddingBackfill(catalogue, embedder);
            long total = catalogue.count();
            long done = catalogue.embeddedCount(Embedder.MODEL);
            for (int n = stop.getAsBoolean() ? 0 : backfill.step(); n > 0; n = stop.getAsBoolean() ? 0 : backfill.step()) {
                done += n;
                progress.advance(done, total);
            }
            return done;
        }
    }

    /**
     * Starts the HTTP server on the configured host and port (0 for any free port), and the background work that
     * keeps search current: indexing every catalogue change and, when {@code search.embed} is on, embedding papers.
     */
    public WebServer serve() {
        int forgotten = catalogue.forgetEmbeddingsOtherThan(Embedder.MODEL);
        if (forgotten > 0) {
            LOG.info("The embedding model is now {}: {} papers will be embedded again in the background", Embedder.MODEL, forgotten);
        }
        var sync = searchSync();
        long waiting = catalogue.searchQueueSize();
        if (waiting <= SYNC_BEFORE_LISTENING) {
            sync.drain(Progress.NONE);
        } else {
            // A bulk import done while no server ran: answer requests at once, and index in the background.
            LOG.info("Indexing {} papers in the background; keyword search covers them as they are indexed", waiting);
        }
        background.start("search-sync", sync::step, Duration.ofMillis(500));
        EmbeddingBackfill backfill = null;
        if (config.bool("search.embed")) {
            backfillEmbedder = Embedder.load(config.integer("search.max-tokens"), config.integer("search.embed-threads"));
            backfill = new EmbeddingBackfill(catalogue, backfillEmbedder);
            background.start("embedding-backfill", backfill::step, Duration.ofSeconds(5));
        }
        if (config.bool("harvest.schedule")) {
            harvestScheduler = new HarvestScheduler(LocalTime.parse(config.string("harvest.time")),
                    config.zone("harvest.zone"), clock, () -> harvester().harvest(harvestRequest(null))).start();
        }
        if (config.bool("digest.schedule")) {
            var digestScheduler = new DigestScheduler(digests().schedule(), digestSender(), clock);
            background.start("digests", () -> {
                digestScheduler.tick();
                return 0;
            }, Duration.ofMinutes(1));
        }
        background.start("recommendations", recommendations()::refreshDue, config.duration("recommend.interval"));
        web = new WebServer(catalogue, feed, trending, paperSearch(), community(), digests(), recommendations(), List.of(searchStatus(backfill),
                new StatusPage.Section("arXiv harvest", this::harvestStatus)),
                config.duration("server.cache-ttl"), config.string("server.base-url"),
                config.string("server.base-url").startsWith("https://"))
                .start(config.string("server.host"), config.integer("server.port"));
        return web;
    }

    private StatusPage.Section searchStatus(EmbeddingBackfill backfill) {
        return new StatusPage.Section("Search", () -> {
            var facts = new LinkedHashMap<String, String>();
            long papers = catalogue.count();
            long embedded = catalogue.embeddedCount(Embedder.MODEL);
            int[] indexed = searchIndex().counts();
            facts.put("papers", String.format("%,d", papers));
            facts.put("papers embedded", String.format("%,d of %,d (%.1f %%)", embedded, papers, papers == 0 ? 100.0 : 100.0 * embedded / papers));
            facts.put("embedding rate", backfill == null ? "off (search.embed=false)" : String.format("%.1f papers/s", backfill.rate()));
            facts.put("documents in the index", String.format("%,d, %,d with vectors", indexed[0], indexed[1]));
            facts.put("papers waiting to be indexed", String.format("%,d", catalogue.searchQueueSize()));
            facts.put("model", Embedder.MODEL + ", " + config.integer("search.max-tokens") + " tokens");
            return facts;
        });
    }

    @Override
    public void close() {
        if (harvestScheduler != null) {
            harvestScheduler.close();
        }
        if (web != null) {
            web.close();
        }
        background.close();
        if (searchIndex != null) {
            searchIndex.close();
        }
        if (queryEmbedder != null) {
            queryEmbedder.close();
        }
        if (backfillEmbedder != null) {
            backfillEmbedder.close();
        }
        database.close();
    }
}
