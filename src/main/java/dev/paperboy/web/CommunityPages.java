package dev.paperboy.web;

import dev.paperboy.authors.AuthorNames;
import dev.paperboy.authors.Follows;
import dev.paperboy.community.Accounts;
import dev.paperboy.community.Comments;
import dev.paperboy.community.InvalidInputException;
import dev.paperboy.community.Library;
import dev.paperboy.community.RateLimiter;
import dev.paperboy.community.Role;
import dev.paperboy.community.PermissionDeniedException;
import dev.paperboy.community.Submissions;
import dev.paperboy.community.User;
import dev.paperboy.community.Votes;
import dev.paperboy.feed.Trending;
import dev.paperboy.ingest.UpstreamUnavailableException;
import dev.paperboy.paper.ArxivId;
import dev.paperboy.paper.InvalidArxivIdException;
import dev.paperboy.paper.Listing;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The browser side of the community: the upvote and save buttons, comments, submitting, the library, trending
 * and the members page. Every write is a form POST that returns to the page it came from; the upvote and save
 * buttons also answer {@code fetch} with JSON, which {@code app.js} uses to update in place.
 */
final class CommunityPages {
    private final Votes votes;
    private final Library library;
    private final Comments comments;
    private final Submissions submissions;
    private final Accounts accounts;
    private final Trending trending;
    private final Templates templates;
    private final ResponseCache cache;
    private final RateLimiter submitLimit;
    private final RateLimiter commentLimit;
    private final int maxAgeDays;
    // A trending card's sparkline: its upvotes here on each of the last two weeks' days.
    private static final int SPARK_DAYS = 14;

    private final Follows follows;

    CommunityPages(Votes votes, Library library, Comments comments, Submissions submissions, Accounts accounts,
            Trending trending, Templates templates, ResponseCache cache, RateLimiter submitLimit, int maxAgeDays,
            RateLimiter commentLimit, Follows follows) {
        this.commentLimit = commentLimit;
        this.follows = follows;
        this.votes = votes;
        this.library = library;
        this.comments = comments;
        this.submissions = submissions;
        this.accounts = accounts;
        this.trending = trending;
        this.templates = templates;
        this.cache = cache;
        this.submitLimit = submitLimit;
        this.maxAgeDays = maxAgeDays;
    }

    /** Where a comment is shown: its paper's page, on the page of the discussion that holds it. */
    private String commentPath(String paperId, String commentId, User viewer) {
        int page = comments.pageOf(paperId, commentId, viewer, Comments.THREADS_PER_PAGE);
        return View.paperPath(paperId) + (page > 1 ? "?comments=" + page : "") + "#comment-" + commentId;
    }

    void upvote(Context ctx) {
        String id = ArxivId.parse(ctx.pathParam("id")).id();
        var result = votes.toggle(Security.member(ctx), id);
        answer(ctx, id, Map.of("voted", result.voted(), "upvotes", result.upvotes()));
    }

    void save(Context ctx) {
        String id = ArxivId.parse(ctx.pathParam("id")).id();
        boolean saved = library.toggle(Security.member(ctx), id);
        answer(ctx, id, Map.of("saved", saved));
    }

    void comment(Context ctx) {
        String id = ArxivId.parse(ctx.pathParam("id")).id();
        String parent = ctx.formParam("parent");
        User user = Security.member(ctx);
        commentLimit.acquire("user:" + user.id());
        var c = comments.add(user, id, ctx.formParam("text"), parent == null || parent.isBlank() ? null : parent);
        ctx.redirect(commentPath(id, c.id(), user), HttpStatus.SEE_OTHER);
    }

    void editComment(Context ctx) {
        User user = Security.member(ctx);
        commentLimit.acquire("user:" + user.id());
        var c = comments.edit(user, ctx.pathParam("id"), ctx.formParam("text"));
        ctx.redirect(commentPath(c.paperId(), c.id(), user), HttpStatus.SEE_OTHER);
    }

    void deleteComment(Context ctx) {
        User user = Security.member(ctx);
        var c = comments.find(ctx.pathParam("id"), user);
        comments.delete(user, c.id());
        ctx.redirect(View.paperPath(c.paperId()) + "#comments", HttpStatus.SEE_OTHER);
    }

    void hideComment(Context ctx) {
        User user = Security.member(ctx);
        var c = comments.find(ctx.pathParam("id"), user);
        comments.hide(user, c.id(), !"false".equals(ctx.formParam("hidden")));
        ctx.redirect(View.paperPath(c.paperId()) + "#comment-" + c.id(), HttpStatus.SEE_OTHER);
    }

    void submitForm(Context ctx) {
        html(ctx, "submit.jte", Map.of("maxAgeDays", maxAgeDays, "paper", ctx.queryParamAsClass("id", String.class).getOrDefault("")));
    }

    void submit(Context ctx) throws InterruptedException {
        User user = Security.member(ctx);
        String paper = ctx.formParam("paper_id");
        String note = ctx.formParam("comment");
        try {
            submitLimit.acquire("ip:" + Security.ip(ctx), "user:" + user.id());
            var outcome = submissions.submit(user, paper, note);
            cache.clear();
            ctx.redirect(View.paperPath(outcome.paperId()) + (outcome.duplicate() ? "?already=1" : ""), HttpStatus.SEE_OTHER);
        } catch (InvalidInputException | InvalidArxivIdException | PermissionDeniedException e) {
            ctx.status(e instanceof PermissionDeniedException ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST);
            html(ctx, "submit.jte", Map.of("maxAgeDays", maxAgeDays, "paper", paper == null ? "" : paper,
                    "comment", note == null ? "" : note, "error", e.getMessage()));
        } catch (UpstreamUnavailableException e) {
            // The form comes back as it was typed: the member only has to press Submit again later.
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE);
            ctx.header("Retry-After", "60");
            html(ctx, "submit.jte", Map.of("maxAgeDays", maxAgeDays, "paper", paper == null ? "" : paper,
                    "comment", note == null ? "" : note, "error", "arXiv is not answering just now, so Paperboy "
                            + "cannot look this paper up. Nothing was submitted; your text is still here — try again "
                            + "in a few minutes."));
        }
    }

    void library(Context ctx) {
        User user = Security.member(ctx);
        List<Listing> papers = library.papers(user);
        mark(ctx, papers);
        html(ctx, "library.jte", Map.of("papers", papers));
    }

    void libraryBibtex(Context ctx) {
        var out = new StringBuilder();
        for (Listing listing : library.papers(Security.member(ctx))) {
            out.append(Bibtex.of(listing.paper())).append("\n\n");
        }
        ctx.header("Content-Disposition", "attachment; filename=\"library.bib\"");
        ctx.contentType("application/x-bibtex; charset=utf-8").result(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    void libraryJson(Context ctx) {
        var items = HfJson.MAPPER.createArrayNode();
        library.papers(Security.member(ctx)).forEach(listing -> items.add(HfJson.paper(listing)));
        ctx.contentType(Rendered.JSON).result(HfJson.bytes(items));
    }

    void trending(Context ctx) {
        cache.serve(ctx, () -> {
            List<Listing> papers = trending.rank(null, null, 0, 50);
            mark(ctx, papers);
            var sparks = votes.recentDays(papers.stream().map(l -> l.paper().id()).toList(), SPARK_DAYS);
            return Rendered.html(templates.page(ctx, "trending.jte",
                    Map.of("papers", papers, "formula", trending.formula(), "sparks", sparks)));
        });
    }

    /** Each paper's upvotes cast here, per day since {@code from}: the paper page's chart. */
    java.util.SortedMap<java.time.LocalDate, Integer> upvotesPerDay(String paperId, java.time.LocalDate from) {
        return votes.perDay(List.of(paperId), from).getOrDefault(paperId, new java.util.TreeMap<>());
    }

    void members(Context ctx) {
        requireAdmin(ctx);
        html(ctx, "admin.jte", Map.of("users", accounts.all()));
    }

    void setRole(Context ctx) {
        requireAdmin(ctx);
        accounts.setRole(ctx.formParam("email"), Role.fromCode(ctx.formParam("role")));
        ctx.redirect("/admin/users", HttpStatus.SEE_OTHER);
    }

    static void requireAdmin(Context ctx) {
        if (!Security.member(ctx).can(Role.ADMIN)) {
            throw new PermissionDeniedException("Only admins can manage members.");
        }
    }

    /** Adds the visitor's votes and saves for these papers, so the buttons show their state. */
    void mark(Context ctx, List<Listing> papers) {
        Visitor visitor = Security.visitor(ctx);
        if (visitor.signedIn() && !papers.isEmpty()) {
            var ids = papers.stream().map(l -> l.paper().id()).toList();
            Security.mark(ctx, visitor.withMarks(votes.votedAmong(visitor.user(), ids), library.savedAmong(visitor.user(), ids),
                    followed(visitor, papers)));
        }
    }

    /** The papers by authors or in categories the member follows, with what matched: one query for the page. */
    private Map<String, String> followed(Visitor visitor, List<Listing> papers) {
        var mine = follows.of(visitor.user());
        if (mine.isEmpty()) {
            return Map.of();
        }
        var authors = mine.stream().filter(f -> f.kind() == Follows.Kind.AUTHOR).map(Follows.Follow::value).toList();
        var categories = mine.stream().filter(f -> f.kind() == Follows.Kind.CATEGORY).map(Follows.Follow::value).toList();
        var out = new java.util.HashMap<String, String>();
        for (Listing l : papers) {
            var matched = new java.util.ArrayList<>(AuthorNames.matching(authors, l.paper().authors()));
            l.paper().categories().stream().filter(categories::contains).forEach(matched::add);
            if (!matched.isEmpty()) {
                out.put(l.paper().id(), String.join(", ", matched));
            }
        }
        return out;
    }

    /** JSON for {@code fetch} (app.js), a redirect back for a plain form. */
    private void answer(Context ctx, String paperId, Map<String, Object> json) {
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("application/json")) {
            ctx.contentType(Rendered.JSON).result(HfJson.bytes(json));
        } else {
            ctx.redirect(Security.localPath(ctx.formParam("next"), View.paperPath(paperId)), HttpStatus.SEE_OTHER);
        }
    }

    private void html(Context ctx, String template, Map<String, Object> params) {
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(Rendered.HTML).result(templates.page(ctx, template, params));
    }
}
