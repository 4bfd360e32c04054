package dev.paperboy.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paperboy.community.Comment;
import dev.paperboy.community.Comments;
import dev.paperboy.community.InvalidInputException;
import dev.paperboy.community.Library;
import dev.paperboy.community.RateLimiter;
import dev.paperboy.community.Role;
import dev.paperboy.community.Submissions;
import dev.paperboy.community.User;
import dev.paperboy.community.Votes;
import dev.paperboy.community.Accounts;
import dev.paperboy.paper.ArxivId;
import dev.paperboy.paper.Catalogue;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.Map;

/**
 * The JSON API for members: upvotes, submissions, comments, the library and roles. Writes take a bearer token, or
 * a session cookie with the {@code X-CSRF-Token} header (see {@link Security}).
 */
final class CommunityApi {
    private final Votes votes;
    private final Library library;
    private final Comments comments;
    private final Submissions submissions;
    private final Accounts accounts;
    private final Catalogue catalogue;
    private final RateLimiter submitLimit;
    private final RateLimiter commentLimit;

    CommunityApi(Votes votes, Library library, Comments comments, Submissions submissions, Accounts accounts,
            Catalogue catalogue, RateLimiter submitLimit, RateLimiter commentLimit) {
        this.commentLimit = commentLimit;
        this.votes = votes;
        this.library = library;
        this.comments = comments;
        this.submissions = submissions;
        this.accounts = accounts;
        this.catalogue = catalogue;
        this.submitLimit = submitLimit;
    }

    /** {@code POST /api/papers/{id}/upvote}: idempotent; the new count. */
    void upvote(Context ctx) {
        var result = votes.upvote(Security.member(ctx), paperId(ctx));
        json(ctx, Map.of("upvotes", result.upvotes(), "upvoted", result.voted()));
    }

    /** {@code DELETE /api/papers/{id}/upvote}: idempotent; the new count. */
    void removeUpvote(Context ctx) {
        var result = votes.remove(Security.member(ctx), paperId(ctx));
        json(ctx, Map.of("upvotes", result.upvotes(), "upvoted", result.voted()));
    }

    /** {@code POST /api/papers/submit} with {@code {"paper_id": "…", "comment": "…"}}. */
    void submit(Context ctx) throws InterruptedException {
        User user = Security.member(ctx);
        JsonNode body = body(ctx);
        submitLimit.acquire("ip:" + Security.ip(ctx), "user:" + user.id());
        var outcome = submissions.submit(user, text(body, "paper_id", true), text(body, "comment", false));
        var listing = catalogue.find(outcome.paperId()).orElseThrow();
        ObjectNode out = HfJson.dailyPaper(listing);
        out.put("duplicate", outcome.duplicate());
        ctx.status(outcome.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).contentType(Rendered.JSON).result(HfJson.bytes(out));
    }

    /**
     * {@code GET /api/papers/{id}/comments?p&limit}: threads, oldest first, {@code limit} threads (default and most
     * {@value Comments#THREADS_PER_PAGE}) from page {@code p} (from 0); {@code Link: rel="next"} when there are more.
     */
    void listComments(Context ctx) {
        String id = paperId(ctx);
        int p = Params.intInRange(ctx, "p", 0, 0, 100_000);
        int limit = Params.intInRange(ctx, "limit", Comments.THREADS_PER_PAGE, 1, Comments.THREADS_PER_PAGE);
        if (catalogue.find(id).isEmpty()) {
            throw new dev.paperboy.community.NotFoundException("Paper " + id + " not found");
        }
        var all = comments.forPaper(id, Security.visitor(ctx).user());
        var items = HfJson.MAPPER.createArrayNode();
        long from = (long) p * limit;
        for (Comment c : all.subList((int) Math.min(from, all.size()), (int) Math.min(from + limit, all.size()))) {
            items.add(comment(c));
        }
        if (from + limit < all.size()) {
            ctx.header("Link", "</api/papers/" + id + "/comments?p=" + (p + 1) + "&limit=" + limit + ">; rel=\"next\"");
        }
        ctx.contentType(Rendered.JSON).result(HfJson.bytes(items));
    }

    /** {@code POST /api/papers/{id}/comments} with {@code {"text": "…", "parent": null}}. */
    void addComment(Context ctx) {
        JsonNode body = body(ctx);
        User user = Security.member(ctx);
        commentLimit.acquire("user:" + user.id());
        Comment c = comments.add(user, paperId(ctx), text(body, "text", true), text(body, "parent", false));
        ctx.status(HttpStatus.CREATED).contentType(Rendered.JSON).result(HfJson.bytes(comment(c)));
    }

    /** {@code PATCH /api/comments/{id}} with {@code {"text": "…"}}. */
    void editComment(Context ctx) {
        User user = Security.member(ctx);
        JsonNode body = body(ctx);
        commentLimit.acquire("user:" + user.id());
        Comment c = comments.edit(user, ctx.pathParam("id"), text(body, "text", true));
        ctx.contentType(Rendered.JSON).result(HfJson.bytes(comment(c)));
    }

    /** {@code DELETE /api/comments/{id}}. */
    void deleteComment(Context ctx) {
        comments.delete(Security.member(ctx), ctx.pathParam("id"));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /** {@code POST /api/comments/{id}/hide} with {@code {"hidden": true}}: curators. */
    void hideComment(Context ctx) {
        JsonNode body = body(ctx);
        boolean hidden = !body.has("hidden") || body.get("hidden").asBoolean(true);
        User user = Security.member(ctx);
        comments.hide(user, ctx.pathParam("id"), hidden);
        ctx.contentType(Rendered.JSON).result(HfJson.bytes(comment(comments.find(ctx.pathParam("id"), user))));
    }

    /** {@code GET /api/library}: the saved papers. */
    void library(Context ctx) {
        var items = HfJson.MAPPER.createArrayNode();
        library.papers(Security.member(ctx)).forEach(listing -> items.add(HfJson.paper(listing)));
        ctx.contentType(Rendered.JSON).result(HfJson.bytes(items));
    }

    /** {@code PUT /api/library/{id}} and {@code DELETE /api/library/{id}}: idempotent. */
    void save(Context ctx) {
        boolean saved = library.save(Security.member(ctx), paperId(ctx));
        json(ctx, Map.of("saved", saved));
    }

    void unsave(Context ctx) {
        boolean saved = library.remove(Security.member(ctx), paperId(ctx));
        json(ctx, Map.of("saved", saved));
    }

    /** {@code PUT /api/admin/users/role} with {@code {"email": "…", "role": "curator"}}: admins. */
    void setRole(Context ctx) {
        CommunityPages.requireAdmin(ctx);
        JsonNode body = body(ctx);
        User changed = accounts.setRole(text(body, "email", true), Role.fromCode(text(body, "role", true)));
        json(ctx, Map.of("email", changed.email(), "role", changed.role().code()));
    }

    static ObjectNode comment(Comment c) {
        ObjectNode node = HfJson.MAPPER.createObjectNode();
        node.put("id", c.id());
        node.put("paper", c.paperId());
        node.put("parent", c.parentId());
        node.putObject("author").put("name", c.authorName());
        node.put("text", c.text());
        node.put("html", c.html());
        node.put("createdAt", HfJson.timestamp(c.createdAt()));
        node.put("editedAt", c.editedAt() == null ? null : HfJson.timestamp(c.editedAt()));
        node.put("deleted", c.deleted());
        node.put("hidden", c.hidden());
        var replies = node.putArray("replies");
        for (Comment r : c.replies()) {
            replies.add(comment(r));
        }
        return node;
    }

    private static String paperId(Context ctx) {
        return ArxivId.parse(ctx.pathParam("id")).id();
    }

    static JsonNode body(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            throw new InvalidInputException("Send the body as JSON, with Content-Type: application/json"
                    + (type.isEmpty() ? "." : " (not " + Params.abbreviate(type) + ")."));
        }
        try {
            // One JSON value and nothing after it: "{…} garbage" is a malformed request, not the object before it.
            JsonNode node = HfJson.MAPPER.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(ctx.bodyAsBytes());
            if (node == null || !node.isObject()) {
                throw new InvalidInputException("The request body must be a JSON object.");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidInputException("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException("The request body could not be read.");
        }
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new InvalidInputException("'" + field + "' is required.");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidInputException("'" + field + "' must be a string.");
        }
        return Params.cleanText(field, value.asText());
    }

    private static void json(Context ctx, Map<String, Object> values) {
        ctx.contentType(Rendered.JSON).result(HfJson.bytes(values));
    }
}
