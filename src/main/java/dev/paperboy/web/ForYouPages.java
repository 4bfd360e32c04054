package dev.paperboy.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paperboy.authors.Authors;
import dev.paperboy.authors.Follows;
import dev.paperboy.community.InvalidInputException;
import dev.paperboy.community.Library;
import dev.paperboy.community.User;
import dev.paperboy.community.Votes;
import dev.paperboy.paper.ArxivId;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Listing;
import dev.paperboy.recommend.Recommendations;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "For you": the member's ranked papers with the reasons, "not interested" (undoable), following authors and
 * categories, and the cold start. Pages only read lists the background computed; every action marks the list
 * stale and the background recomputes it within seconds.
 */
final class ForYouPages {
    private static final int PAGE = 30;

    private final Recommendations recommendations;
    private final Catalogue catalogue;
    private final Library library;
    private final Votes votes;
    private final Templates templates;
    private final Authors authors;

    ForYouPages(Recommendations recommendations, Authors authors, Catalogue catalogue, Library library, Votes votes,
            Templates templates) {
        this.authors = authors;
        this.recommendations = recommendations;
        this.catalogue = catalogue;
        this.library = library;
        this.votes = votes;
        this.templates = templates;
    }

    void routes(JavalinConfig config) {
        config.routes.get("/for-you", this::page);
        config.routes.get("/authors/{name}", this::author);
        config.routes.post("/for-you/start", this::start);
        config.routes.post("/follow", this::follow);
        config.routes.get("/api/recommendations", this::api);
        config.routes.post("/api/recommendations/not-interested/<id>", this::apiNotInterested);
        config.routes.delete("/api/recommendations/not-interested/<id>", this::apiUndoNotInterested);
    }

    void page(Context ctx) {
        User user = Security.member(ctx);
        var list = recommendations.forMember(user, PAGE);
        var papers = list.stream().map(Recommendations.Recommended::listing).toList();
        Visitor visitor = Security.visitor(ctx);
        var ids = papers.stream().map(l -> l.paper().id()).toList();
        Security.mark(ctx, visitor.withMarks(votes.votedAmong(user, ids), library.savedAmong(user, ids)));
        String hiddenId = ctx.queryParam("hidden");
        Listing hidden = null;
        if (hiddenId != null && !hiddenId.isBlank()) {
            hidden = catalogue.find(ArxivId.parse(hiddenId).id()).orElse(null);
        }
        var params = new HashMap<String, Object>();
        params.put("items", list);
        params.put("computedAt", recommendations.computedAt(user).map(Object::toString).orElse(""));
        params.put("hasSignals", recommendations.hasSignals(user));
        params.put("follows", recommendations.follows().of(user));
        params.put("categories", catalogue.feedCategories(java.time.LocalDate.of(1991, 1, 1), java.time.LocalDate.of(9999, 1, 1), 40));
        params.put("hidden", hidden);
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(Rendered.HTML).result(templates.page(ctx, "foryou.jte", params));
    }

    /** An author's papers, co-authors and papers per year; a follow button for members. */
    void author(Context ctx) {
        String name = ctx.pathParam("name");
        if (name.isBlank() || name.length() > 200) {
            throw new InvalidInputException("Give an author's name of at most 200 characters.");
        }
        var profile = authors.profile(name);
        var papers = profile.papers();
        Visitor visitor = Security.visitor(ctx);
        boolean following = false;
        if (visitor.signedIn()) {
            var ids = papers.stream().map(l -> l.paper().id()).toList();
            Security.mark(ctx, visitor.withMarks(votes.votedAmong(visitor.user(), ids), library.savedAmong(visitor.user(), ids)));
            following = recommendations.follows().follows(visitor.user(), Follows.Kind.AUTHOR, name);
        }
        ctx.contentType(Rendered.HTML).result(templates.page(ctx, "author.jte", Map.of("profile", profile, "following", following)));
    }

    /** Cold start: categories to follow, arXiv ids to save, an author to follow. */
    void start(Context ctx) {
        User user = Security.member(ctx);
        for (String c : ctx.formParams("category")) {
            recommendations.follows().follow(user, Follows.Kind.CATEGORY, c);
        }
        String ids = ctx.formParam("ids");
        if (ids != null) {
            for (String token : ids.split("[\\s,;]+")) {
                if (!token.isBlank()) {
                    String id = ArxivId.parse(token.replaceFirst("^(https?://)?arxiv\\.org/(abs|pdf)/", "")).id();
                    if (catalogue.find(id).isEmpty()) {
                        throw new InvalidInputException("arXiv:" + id + " is not in this catalogue yet; submit it first, or pick another.");
                    }
                    library.save(user, id);
                }
            }
        }
        String author = ctx.formParam("author");
        if (author != null && !author.isBlank()) {
            recommendations.follows().follow(user, Follows.Kind.AUTHOR, author);
        }
        ctx.redirect("/for-you", HttpStatus.SEE_OTHER);
    }

    /** Follow or unfollow ({@code undo=1}) an author or a category; back to where the form was. */
    void follow(Context ctx) {
        User user = Security.member(ctx);
        var kind = Follows.Kind.parse(ctx.formParam("kind"));
        String value = ctx.formParam("value");
        if ("1".equals(ctx.formParam("undo"))) {
            recommendations.follows().unfollow(user, kind, value);
        } else {
            recommendations.follows().follow(user, kind, value);
        }
        ctx.redirect(Security.localPath(ctx.formParam("next"), "/for-you"), HttpStatus.SEE_OTHER);
    }

    /** The "not interested" button on a card ({@code undo=1} takes it back). */
    void notInterested(Context ctx) {
        User user = Security.member(ctx);
        String id = ArxivId.parse(ctx.pathParam("id")).id();
        boolean undo = "1".equals(ctx.formParam("undo"));
        if (undo) {
            recommendations.undoNotInterested(user, id);
        } else {
            recommendations.notInterested(user, id);
        }
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("application/json")) {
            ctx.contentType(Rendered.JSON).result(HfJson.bytes(Map.of("notInterested", !undo)));
        } else if (undo) {
            ctx.redirect(Security.localPath(ctx.formParam("next"), "/for-you"), HttpStatus.SEE_OTHER);
        } else {
            ctx.redirect("/for-you?hidden=" + View.url(id), HttpStatus.SEE_OTHER);
        }
    }

    void api(Context ctx) {
        User user = Security.member(ctx);
        int limit = Params.intInRange(ctx, "limit", PAGE, 1, 100);
        var root = HfJson.MAPPER.createObjectNode();
        root.put("computedAt", recommendations.computedAt(user).map(Object::toString).orElse(null));
        var items = root.putArray("papers");
        for (var r : recommendations.forMember(user, limit)) {
            ObjectNode item = HfJson.paper(r.listing());
            item.put("score", Math.round(r.score() * 10_000) / 10_000.0);
            item.set("why", HfJson.MAPPER.valueToTree(r.why()));
            items.add(item);
        }
        var follows = root.putArray("follows");
        for (var f : recommendations.follows().of(user)) {
            follows.addObject().put("kind", f.kind().sql()).put("value", f.value());
        }
        ctx.contentType(Rendered.JSON).result(HfJson.bytes(root));
    }

    void apiNotInterested(Context ctx) {
        recommendations.notInterested(Security.member(ctx), ArxivId.parse(ctx.pathParam("id")).id());
        ctx.contentType(Rendered.JSON).result(HfJson.bytes(Map.of("notInterested", true)));
    }

    void apiUndoNotInterested(Context ctx) {
        recommendations.undoNotInterested(Security.member(ctx), ArxivId.parse(ctx.pathParam("id")).id());
        ctx.contentType(Rendered.JSON).result(HfJson.bytes(Map.of("notInterested", false)));
    }

    static List<String> reasons(Recommendations.Why why) {
        var out = new ArrayList<String>();
        if (!why.followedAuthors().isEmpty()) {
            out.add("by " + String.join(", ", why.followedAuthors()) + ", whom you follow");
        }
        if (why.followedCategory()) {
            out.add("in a category you follow");
        }
        return out;
    }
}
