package dev.paperboy.ingest;

import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.Paper;
import dev.paperboy.paper.UpsertCounts;
import dev.paperboy.store.Database;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incremental OAI-PMH harvest of arXiv: {@code ListRecords} from the watermark, following resumption tokens to the
 * end, every record through {@link Catalogue#upsert}.
 *
 * <p>Each page commits in one transaction together with the harvest's position (the next token), so a crash or a
 * failure leaves either a whole page or none of it, and the next run resumes at the first page not committed. The
 * watermark (the responseDate of the harvest's first page) moves only when the list is complete. OAI errors:
 * {@code noRecordsMatch} is success with nothing new; {@code badResumptionToken} (tokens expire daily) restarts the
 * window from its {@code from}; anything else ({@code badArgument}, {@code badVerb}, …) stops with the repository's
 * message.
 */
public final class OaiHarvester {
    private static final Logger LOG = LoggerFactory.getLogger(OaiHarvester.class);
    private static final Set<String> FORMATS = Set.of("arXivRaw", "arXiv");
    private static final int MAX_WINDOW_RESTARTS = 2;

    private final Database database;
    private final Catalogue catalogue;
    private final FeedRules feedRules;
    private final PoliteHttp http;
    private final HarvestLog log;
    private final Clock clock;
    private final int initialDays;
    private final Duration leaseTtl;
    private final OaiParser parser = new OaiParser();

    public OaiHarvester(Database database, Catalogue catalogue, FeedRules feedRules, PoliteHttp http, HarvestLog log,
            Clock clock, int initialDays, Duration leaseTtl) {
        this.database = database;
        this.catalogue = catalogue;
        this.feedRules = feedRules;
        this.http = http;
        this.log = log;
        this.clock = clock;
        this.initialDays = initialDays;
        this.leaseTtl = leaseTtl;
    }

    /**
     * What to harvest.
     *
     * @param set a set spec ({@code cs}, {@code physics:hep-th}, {@code group:archive:CATEGORY}), or null for all
     * @param format {@code arXivRaw} (versions and their dates; the default) or {@code arXiv} (authors split)
     * @param from start here instead of at the watermark, or null
     */
    public record Request(URI baseUrl, String set, String format, LocalDate from) {
        public Request {
            if (!FORMATS.contains(format)) {
                throw new IllegalArgumentException("--format must be arXivRaw or arXiv, not '" + format + "'");
            }
            set = set == null || set.isBlank() ? null : set.strip();
        }

        /** The key under which this stream's watermark is kept. */
        public String stream() {
            return baseUrl + "|" + (set == null ? "" : set) + "|" + format;
        }
    }

    /**
     * Runs one harvest to the end of the list.
     *
     * @throws HarvestException when another harvest holds the lease, arXiv rejects the request, or the upstream
     *     stays unavailable past {@code harvest.max-wait}; what committed before stays, the watermark does not move
     */
    public HarvestReport harvest(Request request) throws InterruptedException {
        String holder = HarvestLog.newHolder();
        var busy = log.acquire(holder, leaseTtl);
        if (busy.isPresent()) {
            throw new HarvestException("another harvest is running (" + busy.get() + "); try again when it ends");
        }
        try {
            return run(request, holder);
        } finally {
            log.release(holder);
        }
    }

    private HarvestReport run(Request request, String holder) throws InterruptedException {
        String stream = request.stream();
        var run = new Run(stream, clock.instant(), log.startRun(stream, clock.instant()));
        HarvestLog.State state = log.state(stream);
        if (request.from() != null) {
            state = new HarvestLog.State(state.watermark(), request.from().toString(), null, null);
        } else if (!state.inProgress()) {
            LocalDate from = state.watermark() != null
                    ? HarvestLog.day(state.watermark())
                    : LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).minusDays(initialDays);
            state = new HarvestLog.State(state.watermark(), from.toString(), null, null);
        } else {
            LOG.info("Resuming the harvest of {} from {}", stream, state.token() != null ? "its next page" : state.windowFrom());
        }
        run.watermark = state.watermark();
        int restarts = 0;
        try {
            while (true) {
                URI uri = state.token() != null ? resume(request, state.token()) : list(request, state.windowFrom());
                OaiPage page = http.get(uri, (status, body) -> read(uri, status, body), run.stats);
                if (page.error() != null) {
                    switch (page.error().code()) {
                        case "noRecordsMatch" -> {
                            Instant started = state.windowStarted() != null ? state.windowStarted() : page.responseDate();
                            state = new HarvestLog.State(started, null, null, null);
                            commit(run, stream, state, holder, List.of());
                            return finish(run, "ok", null);
                        }
                        case "badResumptionToken" -> {
                            if (++restarts > MAX_WINDOW_RESTARTS) {
                                throw new HarvestException("arXiv rejected the resumption token " + MAX_WINDOW_RESTARTS
                                        + " times after restarting from " + state.windowFrom() + ": " + page.error().message());
                            }
                            LOG.warn("arXiv rejected the resumption token ({}); restarting from {}",
                                    page.error().message(), state.windowFrom());
                            state = new HarvestLog.State(state.watermark(), state.windowFrom(), null, null);
                            commit(run, stream, state, holder, List.of());
                        }
                        default -> throw new HarvestException("arXiv rejected the request (" + page.error().code() + "): "
                                + page.error().message() + " [" + uri + "]");
                    }
                    continue;
                }
                Instant started = state.windowStarted() != null ? state.windowStarted() : page.responseDate();
                state = page.isLast()
                        ? new HarvestLog.State(started, null, null, null)
                        : new HarvestLog.State(state.watermark(), state.windowFrom(), page.resumptionToken(), started);
                if (page.listSize() > 0) {
                    run.listSize = page.listSize();
                    // The last page's empty token carries the cursor too; without a cursor, count this run's records.
                    run.listDone = page.cursor() >= 0 ? page.cursor() + page.records().size() : run.read + page.records().size();
                } else if (page.isLast() && run.listSize > 0) {
                    run.listDone = run.listSize;
                }
                commit(run, stream, state, holder, page.records());
                LOG.info("Harvest page {}: {} records ({} so far){}", run.pages, page.records().size(), run.read,
                        page.isLast() ? ", the last" : "");
                if (page.isLast()) {
                    return finish(run, "ok", null);
                }
            }
        } catch (HarvestException | UpstreamUnavailableException e) {
            finish(run, "failed", e.getMessage());
            throw e instanceof HarvestException h ? h : new HarvestException(e.getMessage(), e);
        } catch (RuntimeException | InterruptedException e) {
            finish(run, "failed", e.toString());
            throw e;
        }
    }

    /** A page; a 4xx answer that is not an OAI error document is a wrong URL, not a reason to retry. */
    private OaiPage read(URI uri, int status, java.io.InputStream body) throws javax.xml.stream.XMLStreamException {
        if (status == 200) {
            return parser.parse(body);
        }
        try {
            OaiPage page = parser.parse(body);
            if (page.error() != null) {
                return page;
            }
        } catch (javax.xml.stream.XMLStreamException e) {
            // not OAI-PMH at all; reported below
        }
        throw new HarvestException("HTTP " + status + " from " + uri + "; is " + request(uri) + " an OAI-PMH endpoint?");
    }

    private static String request(URI uri) {
        String text = uri.toString();
        return text.contains("?") ? text.substring(0, text.indexOf('?')) : text;
    }

    /** One page, its position and the run's numbers in one transaction. */
    private void commit(Run run, String stream, HarvestLog.State state, String holder, List<OaiRecord> records) {
        var live = new ArrayList<IncomingPaper>(records.size());
        var liveIds = new ArrayList<String>(records.size());
        var deletedIds = new ArrayList<String>();
        LocalDate deletedOn = null;
        long skipped = 0;
        for (OaiRecord record : records) {
            try {
                if (record.deleted() || record.metadata() == null) {
                    deletedIds.add(dev.paperboy.paper.ArxivId.parse(record.arxivId()).id());
                    deletedOn = record.datestamp();
                    continue;
                }
                Paper paper = record.metadata().toPaper();
                live.add(new IncomingPaper(paper, -1, feedRules.placementFor(paper)));
                liveIds.add(paper.id());
            } catch (IllegalArgumentException e) {
                skipped++;
                LOG.warn("Skipped record {}: {}", record.identifier(), e.getMessage());
            }
        }
        LocalDate deletedDay = deletedOn;
        long skippedHere = skipped;
        database.inTransaction(connection -> {
            UpsertCounts counts = catalogue.upsert(connection, live);
            if (!liveIds.isEmpty()) {
                catalogue.clearDeleted(connection, liveIds);
            }
            if (!deletedIds.isEmpty()) {
                catalogue.markDeleted(connection, deletedIds, deletedDay);
            }
            log.saveState(connection, stream, state);
            if (!log.renew(connection, holder, leaseTtl)) {
                throw new HarvestException("lost the harvest lease to another process; stopping without committing");
            }
            run.pages++;
            run.read += records.size();
            run.counts = run.counts.plus(counts);
            run.deleted += deletedIds.size();
            run.skipped += skippedHere;
            if (state.watermark() != null) {
                run.watermark = state.watermark();
            }
            log.saveRun(connection, run.id, run.report("running", null, null));
            if (run.listSize > 0) {
                log.saveProgress(connection, run.id, Math.min(run.listDone, run.listSize), run.listSize);
            }
            return null;
        });
    }

    private HarvestReport finish(Run run, String outcome, String message) {
        HarvestReport report = run.report(outcome, clock.instant(), message);
        log.saveRun(run.id, report);
        if (report.ok()) {
            LOG.info("Harvest {}", report.summary());
        } else {
            LOG.warn("Harvest {}", report.summary());
        }
        return report;
    }

    private static URI list(Request request, String from) {
        var query = new StringBuilder("verb=ListRecords&metadataPrefix=").append(request.format());
        if (from != null && !from.equals("*")) {
            query.append("&from=").append(from);
        }
        if (request.set() != null) {
            query.append("&set=").append(encode(request.set()));
        }
        return URI.create(request.baseUrl() + "?" + query);
    }

    private static URI resume(Request request, String token) {
        return URI.create(request.baseUrl() + "?verb=ListRecords&resumptionToken=" + encode(token));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A run's running totals. */
    private static final class Run {
        final String stream;
        final Instant started;
        final String id;
        final PoliteHttp.Stats stats = new PoliteHttp.Stats();
        int pages;
        long read;
        UpsertCounts counts = UpsertCounts.NONE;
        long deleted;
        long skipped;
        Instant watermark;
        long listSize = -1;
        long listDone = -1;

        Run(String stream, Instant started, String id) {
            this.stream = stream;
            this.started = started;
            this.id = id;
        }

        HarvestReport report(String outcome, Instant finished, String message) {
            return new HarvestReport(stream, started, finished, outcome, stats.requests(), stats.retries(), read,
                    counts.inserted(), counts.updated(), counts.unchanged(), deleted, skipped, watermark, message);
        }
    }
}
