package dev.paperboy.web;

import dev.paperboy.community.ApiTokens;
import dev.paperboy.community.Secrets;
import dev.paperboy.community.Sessions;
import dev.paperboy.community.User;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.SameSite;
import io.javalin.http.UnauthorizedResponse;
import java.util.Optional;
import java.util.Set;

/**
 * Who a request comes from, and whether a state-changing one may proceed.
 *
 * <ul>
 *   <li>Browsers sign in with a session cookie ({@value #SESSION}: {@code HttpOnly}, {@code SameSite=Lax},
 *       {@code Secure} behind TLS), whose id is replaced at every login and deleted server-side at logout.
 *   <li>Every POST, PUT, PATCH or DELETE made with cookies must carry the CSRF token: a signature of the browser's
 *       random {@value #CSRF} cookie, sent as the {@code _csrf} form field or the {@code X-CSRF-Token} header. A
 *       page on another site can make the browser send the cookie but cannot read it to compute the token.
 *   <li>Scripts send {@code Authorization: Bearer pb_…} instead; cookies are then ignored, so no CSRF token is
 *       needed. A bearer token that is unknown or revoked is refused outright (401, on every path, cached or
 *       not), never treated as anonymous. A token acts on the API ({@code /api/…}) only: account pages, token
 *       management and account deletion need the password's session, so a leaked token cannot mint tokens that
 *       outlive it, read the secret library-feed address or delete the account.
 * </ul>
 */
final class Security {
    static final String SESSION = "pb_session";
    static final String CSRF = "pb_csrf";
    private static final String VISITOR = "paperboy.visitor";
    private static final String IP = "paperboy.ip";
    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final Sessions sessions;
    private final ApiTokens tokens;
    private final Secrets secrets;
    private final boolean alwaysSecure;
    private final Set<String> csrfExempt;
    private final ClientAddress clientAddress;

    /**
     * @param alwaysSecure mark cookies {@code Secure} even when the request arrives over plain HTTP (TLS ends at a
     *     proxy in front); otherwise only requests that arrive over HTTPS get {@code Secure} cookies
     * @param csrfExempt paths whose POST must work without cookies by design (RFC 8058 one-click unsubscribe);
     *     they authenticate with a signed token in the URL instead
     */
    Security(Sessions sessions, ApiTokens tokens, Secrets secrets, boolean alwaysSecure, Set<String> csrfExempt,
            ClientAddress clientAddress) {
        this.clientAddress = clientAddress;
        this.sessions = sessions;
        this.tokens = tokens;
        this.secrets = secrets;
        this.alwaysSecure = alwaysSecure;
        this.csrfExempt = csrfExempt;
    }

    /** Runs before every route: resolves the visitor, and refuses an unsafe request without a valid token. */
    void before(Context ctx) {
        ctx.attribute(IP, clientAddress.of(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For")));
        requireWellFormed(ctx.queryParamMap());
        if (UNSAFE.contains(ctx.method().name()) && isUrlEncodedForm(ctx)) {
            requireWellFormed(ctx.formParamMap());
        }
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            User user = tokens.resolve(authorization.substring(7).strip())
                    .orElseThrow(() -> new UnauthorizedResponse("This API token is not valid: it is unknown or was revoked."));
            if (!ctx.path().startsWith("/api/")) {
                throw new ForbiddenResponse("An API token works on the API (/api/…) only. Log in with your password "
                        + "for the web pages, your settings and your tokens.");
            }
            ctx.attribute(VISITOR, new Visitor(user, "", here(ctx), Set.of(), Set.of()));
            return;
        }
        String browserId = ctx.cookie(CSRF);
        if (browserId == null && isHtmlGet(ctx)) {
            // A page that may hold a form: give the browser its id now, so the form's token is ready.
            browserId = Secrets.random(24);
            setCookie(ctx, CSRF, browserId, -1);
        }
        String csrf = browserId == null ? "" : secrets.sign("csrf", browserId);
        Optional<User> user = Optional.ofNullable(ctx.cookie(SESSION)).flatMap(sessions::resolve);
        ctx.attribute(VISITOR, new Visitor(user.orElse(null), csrf, here(ctx), Set.of(), Set.of()));
        if (UNSAFE.contains(ctx.method().name()) && !csrfExempt.contains(ctx.path())) {
            if (user.isEmpty() && ctx.path().startsWith("/api/")) {
                // No one to act for: say how to authenticate (401), rather than blame a CSRF token nobody needs.
                throw new NotSignedInException("Log in to do this.");
            }
            String sent = ctx.header("X-CSRF-Token");
            if (sent == null && isForm(ctx)) {
                sent = ctx.formParam("_csrf");
            }
            if (browserId == null || sent == null || !secrets.verify("csrf", browserId, sent)) {
                throw new ForbiddenResponse("This form has expired or was sent from another site, so nothing was "
                        + "changed. Reload the page and try again.");
            }
        }
    }

    /** The client's address: the socket's peer, or from {@code X-Forwarded-For} when the peer is a trusted proxy. */
    static String ip(Context ctx) {
        String ip = ctx.attribute(IP);
        return ip == null ? ctx.req().getRemoteAddr() : ip;
    }

    static Visitor visitor(Context ctx) {
        Visitor v = ctx.attribute(VISITOR);
        return v == null ? Visitor.ANONYMOUS : v;
    }

    static void mark(Context ctx, Visitor visitor) {
        ctx.attribute(VISITOR, visitor);
    }

    /** The member making the request. */
    static User member(Context ctx) {
        User user = visitor(ctx).user();
        if (user == null) {
            throw new NotSignedInException("Log in to do this.");
        }
        return user;
    }

    /** Signs the member in with a brand-new session id (and a new CSRF id): nothing set before login survives it. */
    void startSession(Context ctx, User user) {
        String old = ctx.cookie(SESSION);
        if (old != null) {
            sessions.end(old);
        }
        setCookie(ctx, SESSION, sessions.start(user), (int) sessions.maxAge().toSeconds());
        String browserId = Secrets.random(24);
        setCookie(ctx, CSRF, browserId, -1);
        mark(ctx, new Visitor(user, secrets.sign("csrf", browserId), here(ctx), Set.of(), Set.of()));
    }

    void endSession(Context ctx) {
        sessions.end(ctx.cookie(SESSION));
        setCookie(ctx, SESSION, "", 0);
    }

    private void setCookie(Context ctx, String name, String value, int maxAgeSeconds) {
        var cookie = new Cookie(name, value, "/", maxAgeSeconds, secure(ctx), true, null, SameSite.LAX);
        ctx.cookie(cookie);
    }

    private boolean secure(Context ctx) {
        return alwaysSecure || "https".equalsIgnoreCase(ctx.scheme());
    }

    private static String here(Context ctx) {
        return ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
    }

    /**
     * Where a form should return to: a path on this site, never an absolute or protocol-relative URL, so a crafted
     * link cannot bounce a member to another site after login.
     */
    static String localPath(String next, String fallback) {
        if (next == null || next.isEmpty() || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.chars().anyMatch(c -> c < 0x20)) {
            return fallback;
        }
        return next;
    }

    /**
     * Every parameter once, with clean text. A repeated parameter would silently be read as its first value, so
     * {@code ?limit=1&limit=100} means something different to us than to a proxy or a cache that reads the last.
     */
    private static void requireWellFormed(java.util.Map<String, java.util.List<String>> params) {
        for (var entry : params.entrySet()) {
            if (entry.getValue().size() > 1) {
                throw new dev.paperboy.community.InvalidInputException("Give the parameter '"
                        + Params.abbreviate(entry.getKey()) + "' once; it appears " + entry.getValue().size() + " times.");
            }
            Params.cleanText("parameter name", entry.getKey());
            for (String value : entry.getValue()) {
                Params.cleanText(Params.abbreviate(entry.getKey()), value);
            }
        }
    }

    private static boolean isUrlEncodedForm(Context ctx) {
        String type = ctx.contentType();
        return type != null && type.startsWith("application/x-www-form-urlencoded");
    }

    private static boolean isForm(Context ctx) {
        String type = ctx.contentType();
        return type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"));
    }

    private static boolean isHtmlGet(Context ctx) {
        return ctx.method().name().equals("GET") && !ctx.path().startsWith("/api/") && !ctx.path().startsWith("/static/")
                && !ctx.path().startsWith("/webjars/");
    }
}
