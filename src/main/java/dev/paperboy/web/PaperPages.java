package dev.paperboy.web;

import dev.paperboy.feed.FeedFilter;
import dev.paperboy.feed.FeedService;
import dev.paperboy.feed.Period;
import dev.paperboy.paper.ArxivId;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Listing;
import dev.paperboy.paper.Paper;
import dev.paperboy.search.SearchBackend;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import dev.paperboy.community.Comments;
import dev.paperboy.feed.FeedPage;

/** The feed pages and the paper pages (HTML and Markdown). */
final class PaperPages {
    private final Catalogue catalogue;
    private final FeedService feed;
    private final SearchBackend search;
    private final Templates templates;
    private final ResponseCache cache;
    private final Comments comments;
    private final CommunityPages members;

    PaperPages(Catalogue catalogue, FeedService feed, SearchBackend search, Comments comments, CommunityPages members,
            Templates templates, ResponseCache cache) {
        this.catalogue = catalogue;
        this.feed = feed;
        this.search = search;
        this.comments = comments;
        this.members = members;
        this.templates = templates;
        this.cache = cache;
    }

    void latest(Context ctx) {
        cache.serve(ctx, () -> feedPage(ctx, feed.latestDay(), "/papers"));
    }

    void day(Context ctx) {
        Period period = Period.day(ctx.pathParam("date"));
        cache.serve(ctx, () -> feedPage(ctx, period, "/papers/" + period.path()));
    }

    void week(Context ctx) {
        Period period = Period.week(ctx.pathParam("week"));
        cache.serve(ctx, () -> feedPage(ctx, period, "/papers/" + period.path()));
    }

    void month(Context ctx) {
        Period period = Period.month(ctx.pathParam("month"));
        cache.serve(ctx, () -> feedPage(ctx, period, "/papers/" + period.path()));
    }

    private Rendered feedPage(Context ctx, Period period, String basePath) {
        var filter = new FeedFilter(ctx.queryParam("category"), "1".equals(ctx.queryParam("code")));
        int page = Params.intInRange(ctx, "page", 1, 1, 100_000);
        FeedPage feedPage = feed.page(period, filter, page);
        members.mark(ctx, feedPage.items());
        var params = new java.util.HashMap<String, Object>(Map.of("page", feedPage, "feed", feed, "basePath", basePath,
                "tabs", feed.tabs(period), "pickerDays", feed.daysAround(period, filter)));
        if (!(period instanceof Period.Day)) {
            params.put("chartDays", Charts.everyDay(period.from(), period.until(), feed.today(), feed.days(period, filter)));
        }
        return Rendered.html(templates.page(ctx, "feed.jte", params));
    }

    /** {@code GET /papers/date?date=…}: the day picker's form, without JavaScript; keeps the filters. */
    void pickDay(Context ctx) {
        Period.Day day = Period.day(ctx.queryParam("date"));
        var filter = new FeedFilter(ctx.queryParam("category"), "1".equals(ctx.queryParam("code")));
        String query = (filter.category() == null ? "" : "&category=" + View.url(filter.category()))
                + (filter.hasCode() ? "&code=1" : "");
        ctx.redirect("/papers/" + day.path() + query.replaceFirst("^&", "?"), HttpStatus.SEE_OTHER);
    }

    /**
     * {@code /papers/{id}} for any id form: non-canonical forms redirect to the canonical URL; {@code .md} or
     * {@code Accept: text/markdown} gets Markdown.
     */
    void paper(Context ctx) {
        String raw = ctx.pathParam("id");
        boolean markdownSuffix = raw.endsWith(".md");
        String text = markdownSuffix ? raw.substring(0, raw.length() - 3) : raw;
        ArxivId id = ArxivId.parse(text);
        if (!id.id().equals(text)) {
            ctx.redirect("/papers/" + id.id() + (markdownSuffix ? ".md" : ""), HttpStatus.MOVED_PERMANENTLY);
            return;
        }
        boolean markdown = markdownSuffix || ResponseCache.wantsMarkdown(ctx.header("Accept"));
        int commentPage = Params.intInRange(ctx, "comments", 1, 1, 100_000);
        cache.serve(ctx, () -> {
            Listing listing = catalogue.find(id.id()).orElseThrow(() -> new NotFoundResponse(
                    "Paperboy has no paper " + id.id() + " yet. It may be too new, or outside the categories this server follows."));
            if (markdown) {
                return new Rendered(200, Rendered.MARKDOWN, Markdown.of(listing).getBytes(StandardCharsets.UTF_8), Map.of());
            }
            var similar = catalogue.byIds(search.similar(id.id(), 5));
            members.mark(ctx, List.of(listing));
            var history = members.upvotesPerDay(id.id(), null);
            var discussion = comments.page(id.id(), Security.visitor(ctx).user(), commentPage, Comments.THREADS_PER_PAGE);
            return Rendered.html(templates.page(ctx, "paper.jte", Map.of(
                    "item", listing,
                    "history", UpvoteHistory.of(listing.upvotes(), history, feed.today()),
                    "already", "1".equals(ctx.queryParam("already")),
                    "comments", discussion.threads(),
                    "commentPage", discussion.page(),
                    "commentPages", discussion.pages(),
                    "isNew", feed.isNew(listing),
                    "bibtex", Bibtex.of(listing.paper()),
                    "canonical", "/papers/" + id.id(),
                    "similar", similar)));
        });
    }

    /** The paper as Markdown, for {@code GET /papers/{id}.md}: what an agent or a terminal reader wants. */
    static final class Markdown {
        private Markdown() {}

        static String of(Listing listing) {
            Paper p = listing.paper();
            var md = new StringBuilder();
            md.append("# ").append(p.title()).append("\n\n");
            md.append("**Authors:** ").append(String.join(", ", p.authors())).append("\n\n");
            md.append("**arXiv:** [").append(p.id()).append("](").append(p.arxivId().absUrl()).append(") · [PDF](")
                    .append(p.arxivId().pdfUrl()).append(")\n\n");
            if (p.published() != null) {
                md.append("**Published:** ").append(p.published()).append("\n\n");
            }
            if (!p.categories().isEmpty()) {
                md.append("**Categories:** ").append(String.join(", ", p.categories())).append("\n\n");
            }
            md.append("**Upvotes:** ").append(listing.upvotes()).append("\n\n");
            if (p.githubRepo() != null) {
                md.append("**Code:** ").append(p.githubRepo()).append("\n\n");
            }
            var notes = listing.notes();
            if (notes.summary() != null) {
                md.append("**In one sentence:** ").append(notes.summary()).append("\n\n");
            }
            if (!notes.keywords().isEmpty()) {
                md.append("**Keywords:** ").append(String.join(", ", notes.keywords())).append("\n\n");
            }
            if (!notes.credit().isEmpty()) {
                md.append("*Keywords and summary by ").append(notes.credit()).append(".*\n\n");
            }
            md.append("## Abstract\n\n").append(p.abstractText()).append("\n");
            if (p.comments() != null) {
                md.append("\n**Comments:** ").append(p.comments()).append("\n");
            }
            return md.toString();
        }
    }
}
