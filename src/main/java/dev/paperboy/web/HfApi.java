package dev.paperboy.web;

import dev.paperboy.feed.FeedService;
import dev.paperboy.feed.Period;
import dev.paperboy.feed.Trending;
import dev.paperboy.paper.ArxivId;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Catalogue.FeedQuery;
import dev.paperboy.paper.Listing;
import dev.paperboy.search.SearchBackend;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Hugging Face's public papers API: same paths, parameters, status codes and pagination. */
final class HfApi {
    private final Catalogue catalogue;
    private final FeedService feed;
    private final Trending trending;
    private final SearchBackend search;
    private final SearchGuard guard;
    private final ResponseCache cache;
    private final java.util.function.Supplier<String> baseUrl;

    HfApi(Catalogue catalogue, FeedService feed, Trending trending, SearchBackend search, SearchGuard guard,
            ResponseCache cache, java.util.function.Supplier<String> baseUrl) {
        this.guard = guard;
        this.baseUrl = baseUrl;
        this.catalogue = catalogue;
        this.feed = feed;
        this.trending = trending;
        this.search = search;
        this.cache = cache;
    }

    /** {@code GET /api/papers/search?q&limit}: Hugging Face's search, with highlighted title and summary segments. */
    void search(Context ctx) {
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        if (q.isEmpty()) {
            throw new BadRequestResponse("q is required");
        }
        // Hugging Face's own limit is 250 characters.
        var parsed = guard.parse(q, 250);
        int limit = Params.intInRange(ctx, "limit", 20, 1, 120);
        if (!q.contains(" ") && ArxivId.isValid(q)) {
            // Hugging Face's search finds a paper by its arXiv id; an id or a link to the paper answers that paper
            // alone, as the search page takes the reader to it.
            String id = ArxivId.parse(q).id();
            cache.serve(ctx, () -> {
                var items = HfJson.MAPPER.createArrayNode();
                catalogue.find(id).ifPresent(listing -> items.add(HfJson.searchItem(listing,
                        new SearchBackend.Hit(id, 1, SearchBackend.Marks.NONE, SearchBackend.Marks.NONE))));
                return Rendered.json(HfJson.bytes(items), Map.of("X-Total-Count", Integer.toString(items.size()),
                        "X-Related-Count", "0"));
            });
            return;
        }
        cache.serve(ctx, () -> {
            var result = guard.search(Security.ip(ctx), new SearchBackend.Request(parsed, SearchBackend.Filters.NONE,
                    SearchBackend.Order.RELEVANCE, SearchBackend.Mode.HYBRID, 0, limit));
            var items = HfJson.MAPPER.createArrayNode();
            var listings = new java.util.HashMap<String, dev.paperboy.paper.Listing>();
            catalogue.byIds(result.hits().stream().map(SearchBackend.Hit::id).toList())
                    .forEach(l -> listings.put(l.paper().id(), l));
            for (var hit : result.hits()) {
                var listing = listings.get(hit.id());
                if (listing != null) {
                    items.add(HfJson.searchItem(listing, hit));
                }
            }
            // The count of papers that match the words, beside the items (which may end with related ones).
            return Rendered.json(HfJson.bytes(items), Map.of("X-Total-Count", Long.toString(result.total()),
                    "X-Related-Count", Integer.toString(result.related())));
        });
    }

    /** {@code GET /api/papers/{id}/similar?limit}: the nearest papers by embedding, as flat paper objects. */
    void similar(Context ctx) {
        ArxivId id = ArxivId.parse(ctx.pathParam("id"));
        int limit = Params.intInRange(ctx, "limit", 10, 1, 50);
        cache.serve(ctx, () -> {
            if (catalogue.find(id.id()).isEmpty()) {
                throw new NotFoundResponse("Paper " + id.id() + " not found");
            }
            var items = HfJson.MAPPER.createArrayNode();
            catalogue.byIds(search.similar(id.id(), limit)).forEach(listing -> items.add(HfJson.paper(listing)));
            return Rendered.json(HfJson.bytes(items), Map.of());
        });
    }

    /** {@code GET /api/daily_papers?p&limit&date|week|month&submitter&sort}. */
    void dailyPapers(Context ctx) {
        int page = Params.intInRange(ctx, "p", 0, 0, 100_000);
        int limit = Params.intInRange(ctx, "limit", 50, 1, 100);
        Period period = period(ctx);
        String submitter = blankToNull(ctx.queryParam("submitter"));
        String sort = ctx.queryParam("sort") == null ? "publishedAt" : ctx.queryParam("sort");
        if (!sort.equals("publishedAt") && !sort.equals("trending")) {
            throw new BadRequestResponse("sort must be publishedAt or trending, not '" + Params.abbreviate(sort) + "'");
        }
        cache.serve(ctx, () -> {
            List<Listing> items;
            if (sort.equals("trending")) {
                items = trending.rank(period, submitter, page * limit, limit);
            } else {
                // A period comes back as Hugging Face orders a day's batch: by upvotes; the whole feed newest first.
                var query = period == null
                        ? new FeedQuery(null, feed.today().plusDays(1), null, false, submitter)
                        : new FeedQuery(period.from(), period.until(), null, false, submitter);
                var order = period == null ? Catalogue.Order.NEWEST : Catalogue.Order.UPVOTES;
                items = catalogue.feed(query, order, page * limit, limit);
            }
            Map<String, String> headers = items.size() == limit ? Map.of("Link", nextLink(ctx, page)) : Map.of();
            return Rendered.json(HfJson.bytes(HfJson.dailyPapers(items)), headers);
        });
    }

    /** {@code GET /api/papers/{id}}: 404 for a paper we do not have, 400 for something that is not an id. */
    void paper(Context ctx) {
        ArxivId id = ArxivId.parse(ctx.pathParam("id"));
        cache.serve(ctx, () -> {
            Listing listing = catalogue.find(id.id()).orElseThrow(() -> new NotFoundResponse("Paper " + id.id() + " not found"));
            return Rendered.json(HfJson.bytes(HfJson.paper(listing)), Map.of());
        });
    }

    private Period period(Context ctx) {
        String date = blankToNull(ctx.queryParam("date"));
        String week = blankToNull(ctx.queryParam("week"));
        String month = blankToNull(ctx.queryParam("month"));
        if (Stream.of(date, week, month).filter(s -> s != null).count() > 1) {
            throw new BadRequestResponse("give at most one of date, week and month");
        }
        if (date != null) {
            return date.equals("today") ? feed.latestDay() : Period.day(date);
        }
        if (week != null) {
            return Period.week(week);
        }
        return month != null ? Period.month(month) : null;
    }

    /** The next page's absolute address, from {@code server.base-url}: the response is cached and shared. */
    private String nextLink(Context ctx, int page) {
        String query = ctx.queryParamMap().entrySet().stream()
                .filter(e -> !e.getKey().equals("p"))
                .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&"));
        String base = baseUrl.get() + ctx.path();
        return "<" + base + "?" + (query.isEmpty() ? "" : query + "&") + "p=" + (page + 1) + ">; rel=\"next\"";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
