package dev.paperboy.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paperboy.community.InvalidInputException;
import dev.paperboy.community.User;
import dev.paperboy.digest.DigestPeriod;
import dev.paperboy.digest.Digests;
import dev.paperboy.digest.Preferences;
import dev.paperboy.digest.Subscription;
import dev.paperboy.digest.Subscriptions.Purpose;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Subscribing to digests (a page, the footer form, and {@code POST /api/subscriptions}), confirming, leaving in one
 * click, managing by a signed link, a member's digest in their settings, and the preview of the next digest.
 */
final class DigestPages {
    private final Digests digests;
    private final Templates templates;

    DigestPages(Digests digests, Templates templates) {
        this.digests = digests;
        this.templates = templates;
    }

    /** {@code GET /subscribe?email}: the footer form lands here, since a cached page cannot carry a CSRF token. */
    void subscribeForm(Context ctx) {
        html(ctx, "subscribe.jte", Map.of("email", text(ctx.queryParam("email"), 254)));
    }

    /** {@code POST /subscribe}: the form, with CSRF. */
    void subscribe(Context ctx) {
        String email = ctx.formParam("email");
        String frequency = ctx.formParam("frequency");
        String categories = ctx.formParam("categories");
        String query = ctx.formParam("query");
        limit(ctx, email);
        try {
            var preferences = Preferences.of(frequency, categories == null ? List.of() : List.of(categories), query);
            digests.subscriptions().subscribe(email, preferences);
        } catch (InvalidInputException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            html(ctx, "subscribe.jte", form("email", email, "frequency", frequency == null ? "daily" : frequency,
                    "categories", categories, "query", query, "error", e.getMessage()));
            return;
        }
        notice(ctx, "Check your mail", "We sent a confirmation link to " + email.strip()
                + ". Your digest starts once you follow it.", "/papers", "Back to the papers");
    }

    /** {@code POST /api/subscriptions}: {@code {"email", "frequency", "categories": [...], "query"}} → 202. */
    void apiSubscribe(Context ctx) {
        JsonNode body = CommunityApi.body(ctx);
        String email = body.path("email").isTextual() ? body.get("email").asText() : null;
        limit(ctx, email);
        JsonNode cats = body.path("categories");
        var categories = new ArrayList<String>();
        if (cats.isArray()) {
            cats.forEach(c -> categories.add(c.isTextual() ? c.asText() : c.toString()));
        } else if (cats.isTextual()) {
            categories.add(cats.asText());
        } else if (!cats.isMissingNode() && !cats.isNull()) {
            throw new InvalidInputException("categories must be a list of arXiv categories, e.g. [\"cs.LG\"].");
        }
        JsonNode q = body.path("query");
        if (!q.isMissingNode() && !q.isNull() && !q.isTextual()) {
            throw new InvalidInputException("query must be a string.");
        }
        var preferences = Preferences.of(body.path("frequency").isTextual() ? body.get("frequency").asText() : null,
                categories, q.isTextual() ? q.asText() : null);
        Subscription s = digests.subscriptions().subscribe(email, preferences);
        var node = HfJson.MAPPER.createObjectNode();
        // Always "pending": the answer must not tell a stranger whether this address already subscribes.
        node.put("status", Subscription.Status.PENDING.code());
        node.put("email", s.email());
        node.put("frequency", preferences.frequency().code());
        var list = node.putArray("categories");
        preferences.categories().forEach(list::add);
        node.put("query", preferences.query());
        node.put("message", "We sent a mail to " + s.email() + "; nothing else is sent until its confirmation link is followed.");
        ctx.status(HttpStatus.ACCEPTED).contentType(Rendered.JSON).result(HfJson.bytes(node));
    }

    /** {@code GET /subscribe/confirm?token}. */
    void confirm(Context ctx) {
        Subscription s = digests.subscriptions().confirm(ctx.queryParam("token"));
        if (s.status() != Subscription.Status.ACTIVE) {
            notice(ctx, "This subscription has ended", "The digest for " + s.email() + " was " + s.status().code()
                    + ". Subscribe again to restart it.", "/subscribe", "Subscribe");
            return;
        }
        notice(ctx, "You are subscribed", "Your digest (" + s.preferences().describe() + ") will come to " + s.email()
                + ". Every mail has a link to change it or to unsubscribe.",
                digests.subscriptions().link(Purpose.MANAGE, s.id()), "Change what you get");
    }

    /** {@code GET /unsubscribe?token}: asks first; mail clients' link checkers must not unsubscribe anyone. */
    void unsubscribeForm(Context ctx) {
        String token = ctx.queryParam("token");
        Subscription s = digests.subscriptions().byToken(Purpose.UNSUBSCRIBE, token);
        if (s.status() == Subscription.Status.UNSUBSCRIBED) {
            notice(ctx, "You are unsubscribed", s.email() + " gets no more digests.",
                    digests.subscriptions().link(Purpose.MANAGE, s.id()), "Subscribe again");
            return;
        }
        html(ctx, "unsubscribe.jte", Map.of("token", token, "email", s.email(),
                "manageLink", digests.subscriptions().link(Purpose.MANAGE, s.id())));
    }

    /** {@code POST /unsubscribe?token}: RFC 8058's one click, and the confirmation page's button. */
    void unsubscribe(Context ctx) {
        String token = ctx.queryParam("token");
        if (token == null) {
            token = ctx.formParam("token");
        }
        Subscription s = digests.subscriptions().unsubscribe(token);
        notice(ctx, "You are unsubscribed", s.email() + " gets no more digests.",
                digests.subscriptions().link(Purpose.MANAGE, s.id()), "Changed your mind? Subscribe again");
    }

    /** {@code GET /subscribe/manage?token}. */
    void manageForm(Context ctx) {
        String token = ctx.queryParam("token");
        manage(ctx, digests.subscriptions().byToken(Purpose.MANAGE, token), token, null, null);
    }

    /** {@code POST /subscribe/manage} with the token as a form field, and CSRF. */
    void manageSave(Context ctx) {
        String token = ctx.formParam("token");
        Subscription s = digests.subscriptions().byToken(Purpose.MANAGE, token);
        try {
            var preferences = Preferences.of(ctx.formParam("frequency"), List.of(nullToEmpty(ctx.formParam("categories"))),
                    ctx.formParam("query"));
            manage(ctx, digests.subscriptions().update(token, preferences), token, "Saved.", null);
        } catch (InvalidInputException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            manage(ctx, s, token, null, e.getMessage());
        }
    }

    private void manage(Context ctx, Subscription s, String token, String message, String error) {
        var params = prefs(s);
        params.put("heading", "Your digest");
        params.put("action", "/subscribe/manage");
        params.put("token", token);
        params.put("unsubscribeToken", digests.subscriptions().token(Purpose.UNSUBSCRIBE, s.id()));
        params.put("status", describeStatus(s));
        if (message != null) {
            params.put("message", message);
        }
        if (error != null) {
            params.put("error", error);
        }
        html(ctx, "subscribe.jte", params);
    }

    /** {@code GET /settings/digest}: a member's own digest. */
    void settingsForm(Context ctx) {
        User user = Security.member(ctx);
        settings(ctx, user, digests.subscriptions().forMember(user).orElse(null), null, null);
    }

    /** {@code POST /settings/digest}. */
    void settingsSave(Context ctx) {
        User user = Security.member(ctx);
        String frequency = ctx.formParam("frequency");
        boolean similar = "1".equals(ctx.formParam("similar"));
        try {
            Preferences preferences = "off".equals(frequency) ? null : Preferences.of(frequency,
                    List.of(nullToEmpty(ctx.formParam("categories"))), ctx.formParam("query"));
            var forYou = dev.paperboy.digest.ForYou.parse(ctx.formParam("for_you"));
            var saved = digests.subscriptions().saveForMember(user, preferences, similar, forYou).orElse(null);
            String message = preferences == null ? "Your digest is off."
                    : saved != null && saved.status() == Subscription.Status.PENDING
                            ? "Saved. Confirm your address (we sent a link) and the digest starts."
                            : "Saved. Your digest goes to " + user.email() + ".";
            settings(ctx, user, saved, message, null);
        } catch (InvalidInputException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            settings(ctx, user, digests.subscriptions().forMember(user).orElse(null), null, e.getMessage());
        }
    }

    private void settings(Context ctx, User user, Subscription s, String message, String error) {
        var params = s == null ? new HashMap<String, Object>() : prefs(s);
        if (s == null || s.status() == Subscription.Status.UNSUBSCRIBED) {
            params.put("frequency", "off");
        }
        params.put("heading", "Your email digest");
        params.put("action", "/settings/digest");
        params.put("email", user.email());
        params.put("emailFixed", true);
        params.put("member", true);
        if (s != null) {
            params.put("status", describeStatus(s));
        }
        if (message != null) {
            params.put("message", message);
        }
        if (error != null) {
            params.put("error", error);
        }
        html(ctx, "subscribe.jte", params);
    }

    /** {@code GET /digest/preview?frequency&categories&q}: the next digest for these choices, as the mail shows it. */
    void preview(Context ctx) {
        String frequency = ctx.queryParam("frequency") == null || ctx.queryParam("frequency").isBlank()
                ? "daily" : ctx.queryParam("frequency");
        String categories = nullToEmpty(ctx.queryParam("categories"));
        var preferences = Preferences.of(frequency, List.of(categories), ctx.queryParam("q"));
        var now = digests.clock().instant();
        var day = digests.schedule().nextSendDay(preferences.frequency(), digests.schedule().today(now));
        var period = DigestPeriod.of(preferences.frequency(), day);
        period = digests.composer().latestWithPapers(period, digests.schedule()).orElse(period);
        String html;
        try (var edition = digests.composer().edition(period, now)) {
            html = digests.composer().preview(preferences, edition);
        }
        ctx.header("Cache-Control", "no-store");
        if (html == null) {
            notice(ctx, "Nothing to send", "The digest of " + period.label() + " has no papers for " + preferences.describe()
                    + ", so none would be sent. Try more categories (or leave them empty, for all) or a broader search (or none).", "/subscribe", "Subscribe");
            return;
        }
        // The mail's HTML, as mail clients need it: inline styles. Allowed here, and nothing else (no script at all).
        ctx.header("Content-Security-Policy", SecurityHeaders.MAIL_PREVIEW_POLICY);
        ctx.contentType(Rendered.HTML).result(html);
    }

    private void limit(Context ctx, String email) {
        digests.subscribeLimit().acquire("ip:" + Security.ip(ctx),
                email == null ? null : "email:" + email.strip().toLowerCase(java.util.Locale.ROOT));
    }

    private static String describeStatus(Subscription s) {
        return switch (s.status()) {
            case PENDING -> "waiting for the confirmation link to be followed";
            case ACTIVE -> "active";
            case UNSUBSCRIBED -> "unsubscribed (saving starts it again)";
            case BOUNCED -> "stopped: the mail server refused this address";
        };
    }

    private static HashMap<String, Object> prefs(Subscription s) {
        var params = new HashMap<String, Object>();
        params.put("email", s.email());
        params.put("emailFixed", true);
        params.put("frequency", s.preferences().frequency().code());
        params.put("categories", String.join(", ", s.preferences().categories()));
        params.put("query", nullToEmpty(s.preferences().query()));
        params.put("includeSimilar", s.includeSimilar());
        params.put("forYou", s.forYou().code());
        params.put("active", s.status() == Subscription.Status.ACTIVE || s.status() == Subscription.Status.PENDING);
        return params;
    }

    private void notice(Context ctx, String heading, String message, String href, String linkText) {
        html(ctx, "notice.jte", Map.of("heading", heading, "message", message, "linkHref", href, "linkText", linkText));
    }

    private void html(Context ctx, String template, Map<String, Object> params) {
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(Rendered.HTML).result(templates.page(ctx, template, params));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String text(String s, int max) {
        return s == null ? "" : s.length() > max ? s.substring(0, max) : s;
    }

    private static Map<String, Object> form(String... keysAndValues) {
        var map = new HashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1] == null ? "" : keysAndValues[i + 1]);
        }
        return map;
    }
}
