package dev.paperboy.community;

import dev.paperboy.feed.FeedService;
import dev.paperboy.ingest.ArxivApiClient;
import dev.paperboy.paper.ArxivId;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.FeedPlacement;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.Listing;
import dev.paperboy.paper.Paper;
import dev.paperboy.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Members put papers into today's feed. The paper's metadata comes from the catalogue, or else from the arXiv API,
 * one request at a time. The operator's rules ({@code submit.max-age-days}, {@code submit.per-day}) are checked
 * before anything is written.
 */
public final class Submissions {
    /** What happened: the paper's id, and whether it was in the feed already (then nothing changed). */
    public record Outcome(String paperId, boolean duplicate) {}

    private final Database database;
    private final Catalogue catalogue;
    private final FeedService feed;
    private final ArxivApiClient arxiv;
    private final Clock clock;
    private final int maxAgeDays;
    private final int perDay;

    public Submissions(Database database, Catalogue catalogue, FeedService feed, ArxivApiClient arxiv, Clock clock,
            int maxAgeDays, int perDay) {
        this.database = database;
        this.catalogue = catalogue;
        this.feed = feed;
        this.arxiv = arxiv;
        this.clock = clock;
        this.maxAgeDays = maxAgeDays;
        this.perDay = perDay;
    }

    /**
     * Submits a paper by any id form or arXiv URL.
     *
     * @throws dev.paperboy.paper.InvalidArxivIdException when {@code idOrUrl} names no arXiv paper
     * @throws InvalidInputException when arXiv has no such paper, it is too old, or the member's daily quota is used
     * @throws dev.paperboy.ingest.ArxivApiException when arXiv answers with an error (its message is shown)
     * @throws dev.paperboy.ingest.UpstreamUnavailableException when arXiv cannot be reached in time
     */
    public Outcome submit(User user, String idOrUrl, String comment) throws InterruptedException {
        Accounts.requireVerified(user, "submit papers");
        String note = comment == null ? null : comment.strip();
        if (note != null && note.length() > 1_000) {
            throw new InvalidInputException("A submission comment can be at most 1,000 characters.");
        }
        ArxivId id = ArxivId.parse(idOrUrl == null ? "" : idOrUrl.strip());
        Optional<Listing> known = catalogue.find(id.id());
        if (known.isPresent() && known.get().placement() != null) {
            return new Outcome(id.id(), true);
        }
        checkQuota(user);
        Paper paper = known.map(Listing::paper).orElse(null);
        if (paper == null) {
            paper = fetch(id);
        }
        LocalDate today = feed.today();
        if (paper.published() != null && paper.published().isBefore(today.minusDays(maxAgeDays))) {
            throw new InvalidInputException("Papers can be submitted up to " + maxAgeDays + " days after they "
                    + "appear on arXiv; " + id.id() + " appeared on " + paper.published() + ".");
        }
        Instant now = clock.instant();
        var placement = new FeedPlacement(today, now, FeedPlacement.Source.SUBMISSION, user.name());
        Paper chosen = paper;
        boolean placed = database.write(h -> {
            // Re-checked inside the write: two members submitting the same paper at once get one entry.
            try {
                if (catalogue.isPlaced(h.getConnection(), id.id())) {
                    return false;
                }
                catalogue.upsert(h.getConnection(), List.of(new IncomingPaper(chosen, 0, placement)));
            } catch (java.sql.SQLException e) {
                throw new dev.paperboy.store.StoreException(e);
            }
            // On PostgreSQL the two can get this far side by side; the submission's key lets one through.
            return h.createUpdate("INSERT INTO submissions (paper_id, user_id, comment, submitted_at) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT (paper_id) DO NOTHING")
                    .bind(0, id.id()).bind(1, user.id()).bind(2, note == null || note.isEmpty() ? null : note)
                    .bind(3, now.toString()).execute() == 1;
        });
        return new Outcome(id.id(), !placed);
    }

    private void checkQuota(User user) {
        Instant since = clock.instant().minus(Duration.ofDays(1));
        int recent = database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM submissions WHERE user_id = ? AND submitted_at > ?")
                .bind(0, user.id()).bind(1, since.toString()).mapTo(Integer.class).one());
        if (recent >= perDay) {
            throw new InvalidInputException("You have submitted " + perDay + " papers in the last 24 hours, "
                    + "the most this server allows. Try again tomorrow.");
        }
    }

    // One lookup at a time: arXiv asks for one connection, and PoliteHttp spaces the requests.
    private synchronized Paper fetch(ArxivId id) throws InterruptedException {
        List<Paper> found = arxiv.fetch(List.of(id));
        return found.stream().filter(p -> p.id().equals(id.id())).findFirst().orElseThrow(() ->
                new InvalidInputException("arXiv has no paper " + id.id() + ". Check the id."));
    }
}
