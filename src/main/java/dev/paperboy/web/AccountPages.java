package dev.paperboy.web;

import dev.paperboy.community.Accounts;
import dev.paperboy.community.ApiTokens;
import dev.paperboy.community.InvalidInputException;
import dev.paperboy.community.LoginThrottle;
import dev.paperboy.community.RateLimiter;
import dev.paperboy.community.Secrets;
import dev.paperboy.community.User;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;

/** Signing up, confirming, logging in and out, passwords, tokens, export and deletion: the account pages. */
final class AccountPages {
    private final Accounts accounts;
    private final ApiTokens tokens;
    private final Secrets secrets;
    private final Security security;
    private final Templates templates;
    private final RateLimiter loginLimit;
    private final RateLimiter signupLimit;
    private final RateLimiter resetLimit;
    private final LoginThrottle loginThrottle;

    AccountPages(Accounts accounts, ApiTokens tokens, Secrets secrets, Security security, Templates templates,
            RateLimiter loginLimit, RateLimiter signupLimit, RateLimiter resetLimit, LoginThrottle loginThrottle) {
        this.loginThrottle = loginThrottle;
        this.accounts = accounts;
        this.tokens = tokens;
        this.secrets = secrets;
        this.security = security;
        this.templates = templates;
        this.loginLimit = loginLimit;
        this.signupLimit = signupLimit;
        this.resetLimit = resetLimit;
    }

    void signupForm(Context ctx) {
        html(ctx, "signup.jte", Map.of());
    }

    void signup(Context ctx) {
        String email = ctx.formParam("email");
        String name = ctx.formParam("name");
        signupLimit.acquire("ip:" + Security.ip(ctx), email == null ? null : "email:" + email.strip().toLowerCase(java.util.Locale.ROOT));
        try {
            // The same page (and no session) whether or not the address had an account: the mail tells its owner.
            accounts.signUp(email, name, ctx.formParam("password"));
            notice(ctx, "Check your mail", "We sent a mail to " + Accounts.normaliseEmail(email) + ". Follow its link to "
                    + "confirm the address, then log in to start voting, commenting and submitting.", "/login", "Log in");
        } catch (InvalidInputException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            html(ctx, "signup.jte", form("email", email, "name", name, "error", e.getMessage()));
        }
    }

    void verify(Context ctx) {
        User user = accounts.verify(ctx.queryParam("token"));
        notice(ctx, "Address confirmed", "Thank you, " + user.name() + ": " + user.email() + " is confirmed.",
                Security.visitor(ctx).signedIn() ? "/papers" : "/login", Security.visitor(ctx).signedIn() ? "Go to the papers" : "Log in");
    }

    void resendVerification(Context ctx) {
        User user = Security.member(ctx);
        signupLimit.acquire("ip:" + Security.ip(ctx), "user:" + user.id());
        if (!user.verified()) {
            accounts.sendVerification(user);
        }
        notice(ctx, "Check your mail", "We sent a new confirmation link to " + user.email() + ".", "/settings", "Back to settings");
    }

    void loginForm(Context ctx) {
        html(ctx, "login.jte", Map.of("next", Security.localPath(ctx.queryParam("next"), "/papers")));
    }

    void login(Context ctx) {
        String email = ctx.formParam("email");
        String next = Security.localPath(ctx.formParam("next"), "/papers");
        String ip = Security.ip(ctx);
        // Per address: stops one client trying many accounts. Per address and account: slows guessing one password,
        // more and more, without ever delaying the owner, who logs in from elsewhere.
        loginThrottle.check(ip, email);
        loginLimit.acquire("ip:" + ip);
        var user = accounts.authenticate(email, ctx.formParam("password"));
        if (user.isEmpty()) {
            loginThrottle.failed(ip, email);
            ctx.status(HttpStatus.UNAUTHORIZED);
            // The same words whether the address is unknown or the password wrong.
            html(ctx, "login.jte", form("next", next, "email", email, "error", "That email and password do not match an account."));
            return;
        }
        loginThrottle.succeeded(ip, email);
        security.startSession(ctx, user.get());
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    void logout(Context ctx) {
        security.endSession(ctx);
        ctx.redirect("/papers", HttpStatus.SEE_OTHER);
    }

    void forgotForm(Context ctx) {
        html(ctx, "forgot.jte", Map.of());
    }

    void forgot(Context ctx) {
        String email = ctx.formParam("email");
        resetLimit.acquire("ip:" + Security.ip(ctx), email == null ? null : "email:" + email.strip().toLowerCase(java.util.Locale.ROOT));
        accounts.requestReset(email);
        notice(ctx, "Check your mail", "If an account uses that address, a link to choose a new password is on its way. "
                + "It works for one hour.", "/login", "Back to log in");
    }

    void resetForm(Context ctx) {
        html(ctx, "reset.jte", Map.of("token", ctx.queryParamAsClass("token", String.class).getOrDefault("")));
    }

    void reset(Context ctx) {
        String token = ctx.formParam("token");
        resetLimit.acquire("ip:" + Security.ip(ctx));
        try {
            User user = accounts.resetPassword(token, ctx.formParam("password"));
            security.startSession(ctx, user);
            notice(ctx, "Password changed", "Your new password is set, and you are logged in. Other sessions were "
                    + "signed out, and your API tokens were revoked: create new ones in Settings.",
                    "/papers", "Go to the papers");
        } catch (InvalidInputException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            html(ctx, "reset.jte", form("token", token == null ? "" : token, "error", e.getMessage()));
        }
    }

    void settings(Context ctx) {
        settingsPage(ctx, Map.of());
    }

    void changePassword(Context ctx) {
        User user = Security.member(ctx);
        loginLimit.acquire("user:" + user.id());
        try {
            accounts.changePassword(user, ctx.formParam("current"), ctx.formParam("password"), ctx.cookie(Security.SESSION));
            settingsPage(ctx, Map.of("message", "Password changed. Your other sessions were signed out, and your "
                    + "API tokens were revoked: create new ones below."));
        } catch (InvalidInputException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            settingsPage(ctx, Map.of("error", e.getMessage()));
        }
    }

    void createToken(Context ctx) {
        var created = tokens.create(Security.member(ctx), ctx.formParam("name"));
        settingsPage(ctx, Map.of("newToken", created.secret()));
    }

    void revokeToken(Context ctx) {
        tokens.revoke(Security.member(ctx), ctx.pathParam("id"));
        ctx.redirect("/settings", HttpStatus.SEE_OTHER);
    }

    void export(Context ctx) {
        User user = Security.member(ctx);
        ctx.header("Content-Disposition", "attachment; filename=\"paperboy-" + user.email().replaceAll("[^A-Za-z0-9.@-]", "_") + ".json\"");
        ctx.contentType(Rendered.JSON).result(HfJson.bytes(accounts.export(user)));
    }

    void delete(Context ctx) {
        User user = Security.member(ctx);
        loginLimit.acquire("user:" + user.id());
        try {
            accounts.delete(user, ctx.formParam("password"));
        } catch (InvalidInputException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            settingsPage(ctx, Map.of("error", e.getMessage()));
            return;
        }
        security.endSession(ctx);
        Security.mark(ctx, Visitor.ANONYMOUS);
        notice(ctx, "Account deleted", "Your account and its data are gone. Thank you for reading with us.", "/papers", "Back to the papers");
    }

    private void settingsPage(Context ctx, Map<String, Object> extra) {
        var params = new HashMap<String, Object>(extra);
        User user = Security.member(ctx);
        params.put("tokens", tokens.list(user));
        params.put("libraryFeed", AtomFeeds.libraryFeedPath(secrets, user));
        html(ctx, "settings.jte", params);
    }

    private void notice(Context ctx, String heading, String message, String href, String linkText) {
        html(ctx, "notice.jte", Map.of("heading", heading, "message", message, "linkHref", href, "linkText", linkText));
    }

    private void html(Context ctx, String template, Map<String, Object> params) {
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(Rendered.HTML).result(templates.page(ctx, template, params));
    }

    /** Form values to show again with an error; nulls become empty fields. */
    private static Map<String, Object> form(String... keysAndValues) {
        var map = new HashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1] == null ? "" : keysAndValues[i + 1]);
        }
        return map;
    }
}
