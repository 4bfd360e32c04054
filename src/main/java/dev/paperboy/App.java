package dev.paperboy;

import dev.paperboy.community.Accounts;
import dev.paperboy.community.LoginThrottle;
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
import dev.paperboy.embed.EmbeddingFile;
import dev.paperboy.ingest.Progress;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.authors.Follows;
import dev.paperboy.keywords.KeywordBackfill;
import dev.paperboy.keywords.PaperNotes;
import dev.paperboy.recommend.Affinity;
import dev.paperboy.recommend.Recommendations;
import dev.paperboy.search.SearchBackend;
import dev.paperboy.search.SearchBackends;
import dev.paperboy.search.SearchSync;
import dev.paperboy.search.SearchWarmUp;
import dev.paperboy.store.Database;
import dev.paperboy.web.Operations;
import dev.paperboy.web.SearchGuard;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.paperboy.store.Leases;
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
    private Leases.Owner workers;
    private SearchBackend searchBackend;
    private String indexRecovery;
    private Embedder queryEmbedder;
    private volatile WebServer web;
    private Community community;
    private Mailer mailer;
    private Digests digests;
    private Recommendations recommendations;

    public App(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.database = Database.open(config.databaseUrl());
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

    /** The database, for whole-database jobs such as a backup. */
    public Database database() {
        return database;
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
            var comments = new Comments(database, catalogue, clock);
            var accounts = new Accounts(database, catalogue, comments, new Passwords(), secrets, mailer(), clock,
                    this::baseUrl);
            var limits = new Community.Limits(
                    RateLimiter.parse("login", config.string("ratelimit.login"), clock),
                    RateLimiter.parse("sign-up", config.string("ratelimit.signup"), clock),
                    RateLimiter.parse("password reset", config.string("ratelimit.reset"), clock),
                    RateLimiter.parse("submission", config.string("ratelimit.submit"), clock),
                    new LoginThrottle(config.integer("ratelimit.login-free-failures"),
                            config.duration("ratelimit.login-max-delay"), clock),
                    RateLimiter.parse("comment", config.string("ratelimit.comment"), clock));
            var submissions = new Submissions(database, catalogue, feed, submissionLookup(), clock,
                    config.integer("submit.max-age-days"), config.integer("submit.per-day"));
            community = new Community(accounts, new Sessions(database, accounts, clock, config.duration("session.max-age")),
                    new ApiTokens(database, accounts, clock), new Votes(database, catalogue, clock),
                    new Library(database, catalogue, clock), comments, submissions,
                    secrets, limits, config.integer("submit.max-age-days"));
        }
        return community;
    }

    /** Digest subscriptions, composing and scheduling; built on first use (links are signed with the server secret). */
    public synchronized Digests digests() {
        if (digests == null) {
            java.util.function.Supplier<String> baseUrl = this::baseUrl;
            var subscriptions = new Subscriptions(database, community().secrets(), mailer(), clock, baseUrl);
            String from = mailer().settings().from().replaceAll(".*<([^>]+)>.*", "$1").strip();
            var composer = new DigestComposer(catalogue, trending, subscriptions, recommendations(), baseUrl, from,
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
        // One attempt of at most 6 s (a retry would not fit in the zero wait allowed): arXiv answers a single-id
        // lookup in well under a second, and a member would rather hear "try again later" than watch a spinner.
        Duration timeout = s.timeout().compareTo(Duration.ofSeconds(6)) < 0 ? s.timeout() : Duration.ofSeconds(6);
        var quick = new ArxivSettings(s.oaiBaseUrl(), s.apiBaseUrl(), s.contact(), s.minInterval(), timeout,
                Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(8));
        var politeness = new Politeness(database, "arxiv.org", s.minInterval(), clock, Sleeper.REAL);
        return new ArxivApiClient(s.apiBaseUrl(), new PoliteHttp(quick, politeness, clock, Sleeper.REAL));
    }

    public HfDailyImporter hfDailyImporter() {
        return new HfDailyImporter(catalogue, paperNotes());
    }

    /** Keywords and one-line summaries: Hugging Face's as imported, and Paperboy's own. */
    public PaperNotes paperNotes() {
        return new PaperNotes(database, clock);
    }

    /** Gives every paper that lacks them Paperboy's keywords and summary; returns how many it did. */
    public long fillKeywords(java.util.function.BooleanSupplier stop) {
        return new KeywordBackfill(paperNotes(), catalogue).fillAll(stop);
    }

    /**
     * The key that signs cookies and links. From {@code server.secret}; in development, when unset, a random key is
     * generated once and kept in the data directory so that links stay valid across restarts.
     *
     * @throws ConfigException in production mode when {@code server.secret} is unset
     */
    /**
     * The public address of this server, for links that leave it (mails, feeds, API pagination): {@code
     * server.base-url}, or when that is not set {@code http://localhost:PORT} with the port actually served (the
     * configured one before the server starts), so that {@code serve --port N} links to port N.
     */
    public String baseUrl() {
        String configured = config.string("server.base-url").strip();
        if (!configured.isEmpty()) {
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        WebServer served = web;
        return "http://localhost:" + (served != null ? served.port() : config.integer("server.port"));
    }

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
                // On PostgreSQL nothing else creates the data directory.
                Files.createDirectories(file.getParent());
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
     * The search backend ({@code search.backend}: the Lucene index under {@code data/index}, or SolrCloud), opened
     * on first use. Only one process may hold the embedded index.
     *
     * @throws SearchBackend.IndexLockedException when another process (a running server) holds it
     */
    public synchronized SearchBackend searchBackend() {
        if (searchBackend == null) {
            searchBackend = SearchBackends.open(config, clock, text -> queryEmbedder().embedQuery(text));
            if (searchBackend.recovery() != null) {
                // The index is derived data: a damaged one was kept aside and is rebuilt from the database.
                int queued = catalogue.enqueueAllForSearch();
                indexRecovery = String.format("%s and %,d papers are being indexed again from the database",
                        searchBackend.recovery(), queued);
                LOG.warn("Search index: {}", indexRecovery);
                return searchBackend;
            }
            // A missing index (deleted, or never built) while the database holds papers: index them all again.
            long indexed = searchBackend.counts().documents();
            long papers = catalogue.count();
            if (indexed + catalogue.searchQueueSize() < papers) {
                int queued = catalogue.enqueueAllForSearch();
                indexRecovery = String.format("the index held %,d of %,d papers (deleted or never built); %,d papers "
                        + "are being indexed again from the database", indexed, papers, queued);
                LOG.warn("Search index: {}", indexRecovery);
            }
        }
        return searchBackend;
    }

    /** What was wrong with the search index when it was opened, or null when nothing was. */
    public synchronized String indexRecovery() {
        return indexRecovery;
    }

    public SearchSync searchSync() {
        return new SearchSync(catalogue, searchBackend());
    }

    /**
     * The model for queries, loaded on first use (a search over an index without vectors never loads it). A server
     * shares it with its background backfill: one session, {@code search.embed-threads} cores per run, no spinning
     * threads and no memory arena, so a serving node holds one copy of the model, not two.
     */
    public synchronized Embedder queryEmbedder() {
        if (queryEmbedder == null) {
            queryEmbedder = Embedder.loadShared(config.integer("search.max-tokens"), config.integer("search.embed-threads"));
        }
        return queryEmbedder;
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
     * Imports embeddings computed elsewhere (see {@link EmbeddingFile}), spot-checking {@code check} papers against
     * the local model, loaded only for that check.
     */
    public EmbeddingFile.Report importEmbeddings(Path file, int check, Progress progress) {
        catalogue.forgetEmbeddingsOtherThan(Embedder.MODEL);
        return EmbeddingFile.importFile(file, catalogue, this::queryEmbedder, check, new java.util.Random(), progress);
    }

    /** Writes every embedding of the current model to {@code file}; returns how many. */
    public long exportEmbeddings(Path file) {
        return EmbeddingFile.export(catalogue, file);
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
        // Each background job runs on the one node that holds its lease; another takes it over when that node stops.
        workers = new Leases(database, clock).owner(config.duration("workers.lease"));
        var sync = searchSync();
        if (indexRecovery() == null && !searchBackend().hasCurrentSchema() && searchBackend().counts().documents() > 0) {
            int queued = catalogue.enqueueAllForSearch();
            if (queued > 0) {
                LOG.info("The search index was written by an older version: re-indexing {} papers", queued);
            }
        }
        long waiting = catalogue.searchQueueSize();
        if (waiting <= SYNC_BEFORE_LISTENING && workers.holds("search-index")) {
            sync.drain(Progress.NONE);
        } else {
            // A bulk import done while no server ran: answer requests at once, and index in the background.
            LOG.info("Indexing {} papers in the background; keyword search covers them as they are indexed", waiting);
        }
        background.start("search-sync", workers.whileHolding("search-index", sync::step), workers.rest(Duration.ofMillis(500)));
        EmbeddingBackfill backfill = null;
        if (config.bool("search.embed")) {
            var papers = new EmbeddingBackfill(catalogue, queryEmbedder());
            backfill = papers;
            // The backfill computes on its own thread (one core per run by default), at a lower scheduling priority:
            // requests, and the queries they embed, get the cores first; the backfill takes what they leave.
            background.start("embedding-backfill", workers.whileHolding("embedding-backfill", () -> {
                ThreadPriority.lowerCurrent(ThreadPriority.BACKGROUND);
                return papers.step();
            }), workers.rest(Duration.ofSeconds(5)));
        }
        if (config.bool("harvest.schedule")) {
            LocalTime at;
            try {
                at = LocalTime.parse(config.string("harvest.time"));
            } catch (java.time.format.DateTimeParseException e) {
                throw new ConfigException("harvest.time must be a time like 23:30, not '" + config.string("harvest.time") + "'");
            }
            harvestScheduler = new HarvestScheduler(at, config.zone("harvest.zone"), clock, () -> {
                if (workers.holds("harvest-schedule")) {
                    harvester().harvest(harvestRequest(null));
                }
            }).start();
        }
        if (config.bool("digest.schedule")) {
            var digestScheduler = new DigestScheduler(digests().schedule(), digestSender(), clock);
            background.start("digests", workers.whileHolding("digest-schedule", () -> {
                digestScheduler.tick();
                return 0;
            }), workers.rest(Duration.ofMinutes(1)));
        }
        if (config.bool("keywords.compute")) {
            var keywords = new KeywordBackfill(paperNotes(), catalogue);
            background.start("keywords", workers.whileHolding("keywords", () -> {
                ThreadPriority.lowerCurrent(ThreadPriority.BACKGROUND);
                return keywords.step();
            }), workers.rest(Duration.ofSeconds(30)));
        }
        background.start("recommendations", workers.whileHolding("recommendations", recommendations()::refreshDue),
                workers.rest(config.duration("recommend.interval")));
        var search = searchBackend();
        var warmUp = new SearchWarmUp(search, catalogue.feed(Catalogue.FeedQuery.all(), Catalogue.Order.NEWEST, 0,
                        config.integer("search.warm-up"))
                .stream().map(listing -> listing.paper().title()).toList(), clock);
        background.start("search-warm-up", warmUp::step, Duration.ofMinutes(10));
        var searchGuard = new SearchGuard(search, SearchGuard.Settings.from(config), search::version, clock);
        web = new WebServer(catalogue, feed, trending, search, searchGuard, community(), digests(), recommendations(),
                List.of(searchStatus(backfill),
                new StatusPage.Section("arXiv harvest", this::harvestStatus)),
                config.duration("server.cache-ttl"), clock, this::baseUrl,
                config.string("server.base-url").startsWith("https://"), config.list("server.trusted-proxies"),
                operations(searchGuard, warmUp, backfill != null), config.duration("server.stop-timeout"))
                .start(config.string("server.host"), config.integer("server.port"));
        return web;
    }

    /** {@code /readyz}'s checks and {@code /metrics}' gauges, besides the request timings the web server records. */
    private Operations operations(SearchGuard searchGuard, SearchWarmUp warmUp, boolean embedding) {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("paperboy.search.running", searchGuard, SearchGuard::depth)
                .description("Searches running or waiting for a search thread").register(registry);
        Gauge.builder("paperboy.index.queue", catalogue, Catalogue::searchQueueSize)
                .description("Papers waiting to be (re)indexed").register(registry);
        Gauge.builder("paperboy.papers", catalogue, Catalogue::count).description("Papers in the catalogue").register(registry);
        if (embedding) {
            Gauge.builder("paperboy.embedding.queue", catalogue, c -> c.count() - c.embeddedCount(Embedder.MODEL))
                    .description("Papers without an embedding of the current model").register(registry);
        }
        var ledger = new SendLedger(database, clock, config.duration("digest.lease"));
        for (String status : List.of("sent", "sending", "failed", "claimed", "empty")) {
            Gauge.builder("paperboy.digests", ledger, l -> l.countsByStatus().getOrDefault(status, 0L))
                    .tag("status", status).description("Digest ledger rows by status (each a subscription and period)")
                    .register(registry);
        }
        Gauge.builder("paperboy.harvest.last.finished", harvestLog, h -> h.lastRun()
                        .map(r -> r.finished() == null ? 0.0 : (double) r.finished().getEpochSecond()).orElse(0.0))
                .baseUnit("seconds").description("When the last harvest ended (Unix time; 0: none yet)").register(registry);
        Gauge.builder("paperboy.harvest.last.ok", harvestLog, h -> h.lastRun().map(r -> r.outcome().equals("ok") ? 1 : 0).orElse(0))
                .description("1 when the last harvest succeeded").register(registry);
        Gauge.builder("paperboy.harvest.running", harvestLog, h -> h.leaseHolder().isPresent() ? 1 : 0)
                .description("1 while a harvest holds its lease").register(registry);
        Gauge.builder("paperboy.harvest.watermark", harvestLog, h -> h.lastRun()
                        .map(r -> r.watermark() == null ? 0.0 : (double) r.watermark().getEpochSecond()).orElse(0.0))
                .baseUnit("seconds").description("The last harvest's watermark (Unix time)").register(registry);

        var checks = new LinkedHashMap<String, java.util.function.Supplier<Operations.Check>>();
        checks.put("database", () -> {
            database.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            return new Operations.Check(true, "answers");
        });
        checks.put("search index", () -> new Operations.Check(true, String.format("open, %,d documents", searchBackend().counts().documents())));
        checks.put("search warm-up", () -> new Operations.Check(warmUp.done(), warmUp.describe()));
        var catchingUp = new LinkedHashMap<String, java.util.function.Supplier<Object>>();
        catchingUp.put("papers waiting to be indexed", catalogue::searchQueueSize);
        if (embedding) {
            catchingUp.put("papers waiting for an embedding", () -> catalogue.count() - catalogue.embeddedCount(Embedder.MODEL));
        }
        return new Operations(registry, new Operations.Readiness(checks, catchingUp));
    }

    private StatusPage.Section searchStatus(EmbeddingBackfill backfill) {
        return new StatusPage.Section("Search", () -> {
            var facts = new LinkedHashMap<String, String>();
            long papers = catalogue.count();
            long embedded = catalogue.embeddedCount(Embedder.MODEL);
            var indexed = searchBackend().counts();
            facts.put("papers", String.format("%,d", papers));
            facts.put("papers embedded", String.format("%,d of %,d (%.1f %%)", embedded, papers, papers == 0 ? 100.0 : 100.0 * embedded / papers));
            facts.put("embedding rate", backfill == null ? "off (search.embed=false)" : String.format("%.1f papers/s", backfill.rate()));
            facts.put("documents in the index", String.format("%,d, %,d with vectors", indexed.documents(), indexed.vectors()));
            facts.put("index", searchBackend().describe());
            facts.put("papers waiting to be indexed", String.format("%,d", catalogue.searchQueueSize()));
            String recovery = indexRecovery();
            if (recovery != null) {
                facts.put("index recovery", recovery);
            }
            facts.put("model", Embedder.MODEL + ", " + config.integer("search.max-tokens") + " tokens");
            facts.put("memory", ProcessMemory.describe());
            return facts;
        });
    }

    /**
     * Stops serving and frees everything, in the order that keeps native memory safe: requests end first, then the
     * background loops are told to stop and the models abandon the batch in hand, and only when no thread can
     * still touch the index, the database or a model are those closed. A loop that does not stop in time (a slow
     * SMTP server, a machine starved of CPU) keeps its resources open for the JVM's exit rather than crash it.
     */
    @Override
    public void close() {
        if (harvestScheduler != null) {
            harvestScheduler.close();
        }
        if (web != null) {
            web.close();
        }
        background.stop();
        if (queryEmbedder != null) {
            queryEmbedder.close();
        }
        if (!background.awaitStopped(Duration.ofSeconds(30))) {
            LOG.warn("A background task did not stop within 30 s; leaving the index and database to the process exit");
            return;
        }
        if (searchBackend != null) {
            searchBackend.close();
        }
        if (workers != null) {
            workers.close();
        }
        database.close();
    }
}
