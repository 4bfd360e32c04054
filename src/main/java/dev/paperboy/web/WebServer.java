package dev.paperboy.web;

import dev.paperboy.authors.Authors;
import dev.paperboy.community.Community;
import dev.paperboy.community.InvalidInputException;
import dev.paperboy.community.NotFoundException;
import dev.paperboy.community.PermissionDeniedException;
import dev.paperboy.community.RateLimitedException;
import dev.paperboy.digest.Digests;
import dev.paperboy.feed.FeedService;
import dev.paperboy.ingest.ArxivApiException;
import dev.paperboy.mail.MailException;
import dev.paperboy.ingest.UpstreamUnavailableException;
import dev.paperboy.feed.InvalidPeriodException;
import dev.paperboy.feed.Trending;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.InvalidArxivIdException;
import dev.paperboy.recommend.Recommendations;
import dev.paperboy.search.SearchBackend;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.eclipse.jetty.server.handler.GracefulHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP server: every route, and the one place where errors become responses. */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    private final Javalin app;
    private final ResponseCache cache;
    private final SearchGuard searchGuard;
    private final Operations operations;

    /**
     * @param baseUrl the public address of this server, for every absolute link (feeds, API pagination); never
     *     taken from the request's {@code Host}, which a client chooses and a cached response would repeat to all
     * @param secureCookies mark cookies {@code Secure} even on plain-HTTP requests (TLS ends at a proxy in front);
     *     requests that arrive over HTTPS always get {@code Secure} cookies; both also get HSTS
     * @param trustedProxies {@code server.trusted-proxies}: peers whose {@code X-Forwarded-For} names the client
     */
    public WebServer(Catalogue catalogue, FeedService feed, Trending trending, SearchBackend search,
            SearchGuard searchGuard, Community community, Digests digests, Recommendations recommendations,
            List<StatusPage.Section> status, Duration cacheTtl, java.time.Clock clock, java.util.function.Supplier<String> baseUrl,
            boolean secureCookies, List<String> trustedProxies, Operations operations, Duration stopTimeout) {
        this.operations = operations;
        this.cache = new ResponseCache(cacheTtl, clock, new SecurityHeaders(secureCookies));
        this.searchGuard = searchGuard;
        var templates = new Templates();
        var statusPage = new StatusPage(status, templates);
        var security = new Security(community.sessions(), community.tokens(), community.secrets(), secureCookies,
                // A forged subscribe only triggers a confirmation mail; RFC 8058's one-click POST carries no cookies.
                Set.of("/api/subscriptions", "/unsubscribe"), ClientAddress.parse(trustedProxies));
        var limits = community.limits();
        var members = new CommunityPages(community.votes(), community.library(), community.comments(),
                community.submissions(), community.accounts(), trending, templates, cache, limits.submit(),
                community.submitMaxAgeDays(), limits.comment(), recommendations.follows());
        var pages = new PaperPages(catalogue, feed, search, community.comments(), members, templates, cache);
        var searchPages = new SearchPages(catalogue, searchGuard, templates);
        var api = new HfApi(catalogue, feed, trending, search, searchGuard, cache, baseUrl);
        var accounts = new AccountPages(community.accounts(), community.tokens(), community.secrets(), security, templates,
                limits.login(), limits.signup(), limits.reset(), limits.loginThrottle());
        var communityApi = new CommunityApi(community.votes(), community.library(), community.comments(),
                community.submissions(), community.accounts(), catalogue, limits.submit(), limits.comment());
        var digestPages = new DigestPages(digests, templates);
        var forYou = new ForYouPages(recommendations, new Authors(catalogue, search), catalogue, community.library(), community.votes(), templates);

        var atom = new AtomFeeds(catalogue, feed, trending, searchGuard, cache, baseUrl, community.library(),
                community.accounts(), community.secrets());
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            // Responses are compressed once when rendered (see ResponseCache), not again on every request.
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.startup.showJavalinBanner = false;
            config.jetty.modifyServer(server -> {
                // Outermost first: stop taking requests but finish those in flight, time everything, then the cache.
                var timing = operations.timing();
                timing.setHandler(cache.fastPath());
                server.setHandler(new GracefulHandler(timing));
                server.setStopTimeout(stopTimeout.toMillis());
            });
            // A pasted abstract is a query too: Jetty's default 8 KB would answer a 10,000-character /search?q= with 414.
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(64 * 1024));
            // CSS, scripts and KaTeX: compressed once, kept in memory, cached by browsers (see StaticAssets).
            new StaticAssets().register(config);

            config.routes.before(security::before);
            config.routes.after(ctx -> Operations.route(ctx.attribute(Operations.ROUTE), route(ctx)));
            config.routes.get("/", ctx -> ctx.redirect("/papers"));
            config.routes.get("/papers", pages::latest);
            config.routes.get("/papers/trending", members::trending);
            config.routes.get("/papers/submit", members::submitForm);
            config.routes.post("/papers/submit", members::submit);
            config.routes.get("/papers/date", pages::pickDay);
            config.routes.get("/papers/date/{date}", pages::day);
            config.routes.get("/papers/week/{week}", pages::week);
            config.routes.get("/papers/month/{month}", pages::month);
            config.routes.get("/search", searchPages::search);
            config.routes.get("/papers/feed.atom", atom::daily);
            config.routes.get("/papers/trending.atom", atom::trending);
            config.routes.get("/search.atom", atom::search);
            config.routes.get("/feeds/library/{token}", atom::library);
            config.routes.post("/papers/<id>/upvote", members::upvote);
            config.routes.post("/papers/<id>/save", members::save);
            config.routes.post("/papers/<id>/comments", members::comment);
            config.routes.post("/papers/<id>/not-interested", forYou::notInterested);
            // Last: old-style ids contain a slash (hep-th/9901001), so this route takes the rest of the path.
            config.routes.get("/papers/<id>", pages::paper);
            config.routes.post("/comments/{id}/edit", members::editComment);
            config.routes.post("/comments/{id}/delete", members::deleteComment);
            config.routes.post("/comments/{id}/hide", members::hideComment);
            config.routes.get("/library", members::library);
            config.routes.get("/library.bib", members::libraryBibtex);
            config.routes.get("/library.json", members::libraryJson);
            config.routes.get("/admin/users", members::members);
            config.routes.post("/admin/users/role", members::setRole);

            config.routes.get("/signup", accounts::signupForm);
            config.routes.post("/signup", accounts::signup);
            config.routes.get("/verify", accounts::verify);
            config.routes.post("/verify/resend", accounts::resendVerification);
            config.routes.get("/login", accounts::loginForm);
            config.routes.post("/login", accounts::login);
            config.routes.post("/logout", accounts::logout);
            config.routes.get("/forgot", accounts::forgotForm);
            config.routes.post("/forgot", accounts::forgot);
            config.routes.get("/reset", accounts::resetForm);
            config.routes.post("/reset", accounts::reset);
            config.routes.get("/settings", accounts::settings);
            config.routes.post("/settings/password", accounts::changePassword);
            config.routes.post("/settings/tokens", accounts::createToken);
            config.routes.post("/settings/tokens/{id}/revoke", accounts::revokeToken);
            config.routes.get("/settings/export", accounts::export);
            config.routes.post("/settings/delete", accounts::delete);

            config.routes.get("/subscribe", digestPages::subscribeForm);
            config.routes.post("/subscribe", digestPages::subscribe);
            config.routes.get("/subscribe/confirm", digestPages::confirm);
            config.routes.get("/subscribe/manage", digestPages::manageForm);
            config.routes.post("/subscribe/manage", digestPages::manageSave);
            config.routes.get("/unsubscribe", digestPages::unsubscribeForm);
            config.routes.post("/unsubscribe", digestPages::unsubscribe);
            config.routes.get("/settings/digest", digestPages::settingsForm);
            config.routes.post("/settings/digest", digestPages::settingsSave);
            config.routes.get("/digest/preview", digestPages::preview);
            config.routes.post("/api/subscriptions", digestPages::apiSubscribe);

            config.routes.get("/api/daily_papers", api::dailyPapers);
            config.routes.get("/api/papers/search", api::search);
            config.routes.post("/api/papers/submit", communityApi::submit);
            config.routes.post("/api/papers/<id>/upvote", communityApi::upvote);
            config.routes.delete("/api/papers/<id>/upvote", communityApi::removeUpvote);
            config.routes.get("/api/papers/<id>/comments", communityApi::listComments);
            config.routes.post("/api/papers/<id>/comments", communityApi::addComment);
            config.routes.patch("/api/comments/{id}", communityApi::editComment);
            config.routes.delete("/api/comments/{id}", communityApi::deleteComment);
            config.routes.post("/api/comments/{id}/hide", communityApi::hideComment);
            config.routes.get("/api/library", communityApi::library);
            config.routes.put("/api/library/<id>", communityApi::save);
            config.routes.delete("/api/library/<id>", communityApi::unsave);
            config.routes.put("/api/admin/users/role", communityApi::setRole);
            config.routes.get("/api/papers/<id>/similar", api::similar);
            config.routes.get("/api/papers/<id>", api::paper);
            forYou.routes(config);
            config.routes.get("/healthz", operations::healthz);
            config.routes.get("/readyz", operations::readyz);
            config.routes.get("/metrics", operations::metrics);
            config.routes.get("/status", statusPage::html);
            config.routes.get("/api/status", statusPage::json);

            config.routes.exception(InvalidArxivIdException.class, (e, ctx) ->
                    error(ctx, HttpStatus.BAD_REQUEST, "Not an arXiv id", e.getMessage()));
            config.routes.exception(InvalidPeriodException.class, (e, ctx) ->
                    error(ctx, HttpStatus.BAD_REQUEST, "Not a date we understand", e.getMessage()));
            config.routes.exception(InvalidInputException.class, (e, ctx) ->
                    error(ctx, HttpStatus.BAD_REQUEST, "That did not work", e.getMessage()));
            config.routes.exception(PermissionDeniedException.class, (e, ctx) ->
                    error(ctx, HttpStatus.FORBIDDEN, "Not allowed", e.getMessage()));
            config.routes.exception(NotFoundException.class, (e, ctx) ->
                    error(ctx, HttpStatus.NOT_FOUND, "Not found", e.getMessage()));
            config.routes.exception(RateLimitedException.class, (e, ctx) -> {
                ctx.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
                error(ctx, HttpStatus.TOO_MANY_REQUESTS, "Slow down", e.getMessage());
            });
            config.routes.exception(NotSignedInException.class, (e, ctx) -> {
                if (ctx.path().startsWith("/api/")) {
                    ctx.header("WWW-Authenticate", "Bearer");
                    error(ctx, HttpStatus.UNAUTHORIZED, "Log in", "Send an API token (Authorization: Bearer …) or log in.");
                } else {
                    String back = ctx.method().name().equals("GET") ? Security.visitor(ctx).here() : ctx.header("Referer");
                    ctx.redirect("/login?next=" + View.url(Security.localPath(back == null ? null
                            : back.replaceFirst("^https?://[^/]+", ""), "/papers")), HttpStatus.SEE_OTHER);
                }
            });
            config.routes.exception(MailException.class, (e, ctx) -> {
                LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                error(ctx, HttpStatus.SERVICE_UNAVAILABLE, "The mail could not be sent",
                        "The mail server did not take the message just now. Try again in a few minutes; if you were "
                                + "signing up, your account exists: log in and send the confirmation again from Settings.");
            });
            config.routes.exception(ArxivApiException.class, (e, ctx) ->
                    error(ctx, HttpStatus.BAD_REQUEST, "arXiv refused the lookup", "arXiv says: " + e.arxivMessage()));
            config.routes.exception(UpstreamUnavailableException.class, (e, ctx) ->
                    error(ctx, HttpStatus.SERVICE_UNAVAILABLE, "arXiv is not answering",
                            "arXiv did not answer in time. Try again in a few minutes."));
            config.routes.exception(SearchBackend.UnavailableException.class, (e, ctx) -> {
                LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                error(ctx, HttpStatus.SERVICE_UNAVAILABLE, "Search is not answering",
                        "The search cluster did not answer just now. Try again in a few moments.");
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                    error(ctx, HttpStatus.forStatus(e.getStatus()), headingFor(e.getStatus()), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                var unreadable = clientError(e);
                if (unreadable != null) {
                    // Jetty refused what the client sent (a broken multipart body): the client's mistake, not ours.
                    error(ctx, HttpStatus.forStatus(unreadable.getCode()), headingFor(unreadable.getCode()),
                            "The request could not be read: " + unreadable.getReason());
                    return;
                }
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
                        "The server could not answer this request. The error is in its log.");
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    error(ctx, HttpStatus.NOT_FOUND, "Page not found", "There is nothing at " + ctx.path() + ".");
                }
            });
        });
        this.templates = templates;
    }

    private final Templates templates;

    private void error(Context ctx, HttpStatus status, String heading, String message) {
        ctx.status(status);
        if (ctx.path().startsWith("/api/")) {
            ctx.contentType(Rendered.JSON).result(HfJson.bytes(HfJson.error(message)));
        } else if (ctx.path().endsWith(".atom")) {
            // A feed reader shows an error body as text, if at all; HTML would only get in the way.
            ctx.contentType("text/plain; charset=utf-8").result(heading + ": " + message + "\n");
        } else {
            ctx.contentType(Rendered.HTML).result(templates.page(ctx, "error.jte",
                    Map.of("status", status.getCode(), "heading", heading, "message", message)));
        }
    }

    private static org.eclipse.jetty.http.HttpException clientError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.http.HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                return http;
            }
        }
        return null;
    }

    /** The template of the route that answered, e.g. {@code /papers/<id>}; null when no route matched. */
    static String route(Context ctx) {
        var endpoint = ctx.endpoints().lastHttpEndpoint();
        return endpoint == null ? null : endpoint.path;
    }

    private static String headingFor(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Log in";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            default -> "Error " + status;
        };
    }

    /** Starts listening; port 0 picks a free port. */
    public WebServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Forgets cached responses, after a write in this process. */
    public void invalidate() {
        cache.clear();
        searchGuard.invalidate();
    }

    @Override
    public void close() {
        // /readyz says 503 at once; Jetty then stops accepting and waits for the requests in flight.
        operations.stopping();
        app.stop();
        searchGuard.close();
    }
}
