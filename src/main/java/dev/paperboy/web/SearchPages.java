package dev.paperboy.web;

import dev.paperboy.paper.ArxivId;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Listing;
import dev.paperboy.search.SearchBackend;
import dev.paperboy.search.ParsedQuery;
import dev.paperboy.search.QuerySyntax;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /search}: the search page, the search box's target. */
public final class SearchPages {
    static final int PAGE_SIZE = 20;

    private final Catalogue catalogue;
    private final SearchGuard search;
    private final Templates templates;

    SearchPages(Catalogue catalogue, SearchGuard search, Templates templates) {
        this.catalogue = catalogue;
        this.search = search;
        this.templates = templates;
    }

    /**
     * A found paper with its listing and highlighted title and snippet; {@code related} when it does not match the
     * words and is shown because it is close in meaning.
     */
    public record Found(Listing listing, List<SearchBackend.Segment> title, List<SearchBackend.Segment> snippet,
            boolean related) {}

    /** What the search page shows; {@code error} explains a filter that could not be read. */
    public record View(
            String q, String sort, String category, String from, String to, boolean hasCode, int page,
            long total, int related, List<Found> results, String error) {

        public int pages() {
            long reachable = Math.min(total, SearchBackend.CANDIDATES) + related;
            return (int) Math.max(1, (reachable + PAGE_SIZE - 1) / PAGE_SIZE);
        }

        /** The Atom feed of this search's newest papers, or null when there is no query to follow. */
        public String atom() {
            return q.isEmpty() || q.length() > QuerySyntax.MAX_LENGTH
                    ? null : "/search.atom?q=" + dev.paperboy.web.View.url(q);
        }

        /** The query string for another page of the same search. */
        public String link(int otherPage) {
            var parts = new ArrayList<String>();
            parts.add("q=" + dev.paperboy.web.View.url(q));
            if (!sort.equals("relevance")) {
                parts.add("sort=" + sort);
            }
            if (category != null) {
                parts.add("category=" + dev.paperboy.web.View.url(category));
            }
            if (from != null) {
                parts.add("from=" + from);
            }
            if (to != null) {
                parts.add("to=" + to);
            }
            if (hasCode) {
                parts.add("code=1");
            }
            parts.add("page=" + otherPage);
            return "/search?" + String.join("&", parts);
        }
    }

    void search(Context ctx) {
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        // An arXiv id or URL in the box means "take me to that paper".
        if (!q.isEmpty() && !q.contains(" ") && ArxivId.isValid(q)) {
            ctx.redirect("/papers/" + ArxivId.parse(q).id());
            return;
        }
        String sort = ctx.queryParamAsClass("sort", String.class).getOrDefault("relevance");
        String category = blankToNull(ctx.queryParam("category"));
        String from = blankToNull(ctx.queryParam("from"));
        String to = blankToNull(ctx.queryParam("to"));
        boolean hasCode = "1".equals(ctx.queryParam("code"));
        int page = Params.intInRange(ctx, "page", 1, 1, 1_000);
        String error = null;
        SearchBackend.Order order = switch (sort) {
            case "newest" -> SearchBackend.Order.NEWEST;
            case "upvotes" -> SearchBackend.Order.UPVOTES;
            default -> SearchBackend.Order.RELEVANCE;
        };
        LocalDate fromDay = null;
        LocalDate toDay = null;
        try {
            fromDay = from == null ? null : LocalDate.parse(from);
            toDay = to == null ? null : LocalDate.parse(to);
        } catch (DateTimeParseException e) {
            error = "Dates are written YYYY-MM-DD, e.g. 2025-01-31; the date filter was left out.";
        }
        String sortName = order.name().toLowerCase(java.util.Locale.ROOT);
        ParsedQuery parsed;
        try {
            parsed = search.parse(q);
        } catch (BadRequestResponse e) {
            // The page, with the form to shorten the query in, and the reason.
            ctx.status(400).contentType(Rendered.HTML).result(templates.page(ctx, "search.jte", Map.of("view",
                    new View(q, sortName, category, from, to, hasCode, page, 0, 0, List.of(), e.getMessage()))));
            return;
        }
        long total = 0;
        int related = 0;
        var results = new ArrayList<Found>();
        if (!parsed.isEmpty() || category != null || hasCode || fromDay != null || toDay != null) {
            var result = search.search(Security.ip(ctx), new SearchBackend.Request(parsed,
                    new SearchBackend.Filters(category, fromDay, toDay, hasCode), order, SearchBackend.Mode.HYBRID,
                    (page - 1) * PAGE_SIZE, PAGE_SIZE));
            total = result.total();
            related = result.related();
            var listings = new java.util.HashMap<String, Listing>();
            catalogue.byIds(result.hits().stream().map(SearchBackend.Hit::id).toList())
                    .forEach(l -> listings.put(l.paper().id(), l));
            for (var hit : result.hits()) {
                Listing l = listings.get(hit.id());
                if (l != null) {
                    results.add(new Found(l, hit.title().segments(l.paper().title()), hit.summary().segments(l.paper().abstractText()),
                            hit.related()));
                }
            }
        }
        ctx.contentType(Rendered.HTML).result(templates.page(ctx, "search.jte", Map.of("view",
                new View(q, sortName, category, from, to, hasCode, page, total,
                        related, results, error))));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
