package dev.paperboy.web;

import dev.paperboy.community.Accounts;
import dev.paperboy.community.Library;
import dev.paperboy.community.NotFoundException;
import dev.paperboy.community.Secrets;
import dev.paperboy.community.User;
import dev.paperboy.feed.FeedService;
import dev.paperboy.feed.Trending;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Catalogue.FeedQuery;
import dev.paperboy.paper.Listing;
import dev.paperboy.search.SearchBackend;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The Atom feeds: the daily feed, trending, and any search as a feed a reader can follow. */
final class AtomFeeds {
    static final int DAILY_ENTRIES = 100;
    static final int TRENDING_ENTRIES = 50;
    static final int SEARCH_ENTRIES = 50;

    private final Catalogue catalogue;
    private final FeedService feed;
    private final Trending trending;
    private final SearchGuard search;
    private final ResponseCache cache;
    private final java.util.function.Supplier<String> baseUrl;
    private final Library library;
    private final Accounts accounts;
    private final Secrets secrets;

    /** @param baseUrl the server's public address ({@code server.base-url}), for the absolute links feeds need */
    AtomFeeds(Catalogue catalogue, FeedService feed, Trending trending, SearchGuard search, ResponseCache cache,
            java.util.function.Supplier<String> baseUrl, Library library, Accounts accounts, Secrets secrets) {
        this.library = library;
        this.accounts = accounts;
        this.secrets = secrets;
        this.catalogue = catalogue;
        this.feed = feed;
        this.trending = trending;
        this.search = search;
        this.cache = cache;
        this.baseUrl = baseUrl;
    }

    /** {@code GET /papers/feed.atom?category&code}: the latest feed days, newest first, as the front page filters. */
    void daily(Context ctx) {
        String baseUrl = this.baseUrl.get();
        String category = SearchPages.blankToNull(ctx.queryParam("category"));
        boolean hasCode = "1".equals(ctx.queryParam("code"));
        cache.serve(ctx, () -> {
            var query = new FeedQuery(null, feed.today().plusDays(1), category, hasCode, null);
            List<Listing> papers = catalogue.feed(query, Catalogue.Order.NEWEST, 0, DAILY_ENTRIES);
            var filters = new ArrayList<String>();
            if (category != null) {
                filters.add("category=" + View.url(category));
            }
            if (hasCode) {
                filters.add("code=1");
            }
            String suffix = filters.isEmpty() ? "" : "?" + String.join("&", filters);
            String title = "Paperboy: daily papers" + (category == null ? "" : " in " + category)
                    + (hasCode ? " with code" : "");
            return Atom.render(new Atom.Feed(title, "The papers of the latest feed days, newest first",
                    baseUrl + "/papers/feed.atom" + suffix, baseUrl + "/papers" + suffix, baseUrl, emptyUpdated(),
                    papers));
        });
    }

    /** {@code GET /papers/trending.atom}: the trending ranking, highest score first. */
    void trending(Context ctx) {
        String baseUrl = this.baseUrl.get();
        cache.serve(ctx, () -> Atom.render(new Atom.Feed("Paperboy: trending papers",
                "The feed's recent papers ranked by " + trending.formula(),
                baseUrl + "/papers/trending.atom", baseUrl + "/papers/trending", baseUrl, emptyUpdated(),
                trending.rank(null, null, 0, TRENDING_ENTRIES))));
    }

    /** {@code GET /search.atom?q}: the newest papers matching a query, in the search page's syntax. */
    void search(Context ctx) {
        String baseUrl = this.baseUrl.get();
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        if (q.isEmpty()) {
            throw new BadRequestResponse("q is required: the search to follow, e.g. /search.atom?q=adaptive+batch+size");
        }
        var parsed = search.parse(q);
        cache.serve(ctx, () -> {
            // The same search as the page's "newest" sort, so the feed's alternate page shows the same papers.
            var result = search.search(Security.ip(ctx), new SearchBackend.Request(parsed, SearchBackend.Filters.NONE,
                    SearchBackend.Order.NEWEST, SearchBackend.Mode.HYBRID, 0, SEARCH_ENTRIES));
            List<Listing> papers = catalogue.byIds(result.hits().stream().map(SearchBackend.Hit::id).toList());
            String encoded = View.url(q);
            return Atom.render(new Atom.Feed("Paperboy: papers matching “" + q + "”", "The newest papers matching the search",
                    baseUrl + "/search.atom?q=" + encoded, baseUrl + "/search?q=" + encoded + "&sort=newest", baseUrl,
                    emptyUpdated(), papers));
        });
    }

    /**
     * {@code GET /feeds/library/{token}.atom}: a member's library, most recently saved first, for a feed reader,
     * which cannot log in. The token is the member's id signed with the server secret: unguessable, and only the
     * member sees it (on their settings page).
     */
    void library(Context ctx) {
        String baseUrl = this.baseUrl.get();
        String token = ctx.pathParam("token");
        String path = token.endsWith(".atom") ? token.substring(0, token.length() - 5) : token;
        User user = secrets.verifiedId("library-feed", path).flatMap(accounts::byId).orElse(null);
        if (user == null) {
            throw new NotFoundException("There is no feed at this address. Copy it again from your settings page.");
        }
        ctx.header("Cache-Control", "private, max-age=300");
        Rendered feed = Atom.render(new Atom.Feed("Paperboy: " + user.name() + "'s library", "Papers saved in the library",
                baseUrl + "/feeds/library/" + path + ".atom", baseUrl + "/library", baseUrl, emptyUpdated(),
                library.papers(user)));
        feed.sendTo(ctx);
    }

    /** The secret address of a member's library feed. */
    static String libraryFeedPath(Secrets secrets, User user) {
        return "/feeds/library/" + secrets.signedId("library-feed", user.id()) + ".atom";
    }

    // An empty feed has no paper to date it by: the start of today keeps it stable all day.
    private Instant emptyUpdated() {
        return feed.today().atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
