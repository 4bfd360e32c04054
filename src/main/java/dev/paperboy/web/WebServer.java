package dev.paperboy.web;

import dev.paperboy.feed.FeedService;
import dev.paperboy.feed.InvalidPeriodException;
import dev.paperboy.feed.Trending;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.InvalidArxivIdException;
import dev.paperboy.search.PaperSearch;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP server: every route, and the one place where errors become responses. */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    private final Javalin app;
    private final ResponseCache cache;

    public WebServer(Catalogue catalogue, FeedService feed, Trending trending, PaperSearch search,
            List<StatusPage.Section> status, Duration cacheTtl, String baseUrl) {
        this.cache = new ResponseCache(cacheTtl);
        var templates = new Templates();
        var statusPage = new StatusPage(status, templates);
        var pages = new PaperPages(catalogue, feed, search, templates, cache);
        var searchPages = new SearchPages(catalogue, search, templates);
        var api = new HfApi(catalogue, feed, trending, search, cache);
        var atom = new AtomFeeds(catalogue, feed, trending, search, cache, baseUrl);
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            // Responses are compressed once when rendered (see ResponseCache), not again on every request.
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.startup.showJavalinBanner = false;
            config.jetty.modifyServer(server -> server.setHandler(cache.fastPath()));
            // A pasted abstract is a query too: Jetty's default 8 KB would answer a 10,000-character /search?q= with 414.
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(64 * 1024));
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "public, max-age=3600");
            });
            config.staticFiles.enableWebjars();

            config.routes.get("/", ctx -> ctx.redirect("/papers"));
            config.routes.get("/papers", pages::latest);
            config.routes.get("/papers/date/{date}", pages::day);
            config.routes.get("/papers/week/{week}", pages::week);
            config.routes.get("/papers/month/{month}", pages::month);
            config.routes.get("/search", searchPages::search);
            config.routes.get("/papers/feed.atom", atom::daily);
            config.routes.get("/papers/trending.atom", atom::trending);
            config.routes.get("/search.atom", atom::search);
            // Last: old-style ids contain a slash (hep-th/9901001), so this route takes the rest of the path.
            config.routes.get("/papers/<id>", pages::paper);

            config.routes.get("/api/daily_papers", api::dailyPapers);
            config.routes.get("/api/papers/search", api::search);
            config.routes.get("/api/papers/<id>/similar", api::similar);
            config.routes.get("/api/papers/<id>", api::paper);
            config.routes.get("/healthz", ctx -> ctx.result("ok"));
            config.routes.get("/status", statusPage::html);
            config.routes.get("/api/status", statusPage::json);

            config.routes.exception(InvalidArxivIdException.class, (e, ctx) ->
                    error(ctx, HttpStatus.BAD_REQUEST, "Not an arXiv id", e.getMessage()));
            config.routes.exception(InvalidPeriodException.class, (e, ctx) ->
                    error(ctx, HttpStatus.BAD_REQUEST, "Not a date we understand", e.getMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                    error(ctx, HttpStatus.forStatus(e.getStatus()), headingFor(e.getStatus()), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
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
            ctx.contentType(Rendered.HTML).result(templates.render("error.jte",
                    Map.of("status", status.getCode(), "heading", heading, "message", message)));
        }
    }

    private static String headingFor(int status) {
        return switch (status) {
            case 400 -> "Bad request";
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
    }

    @Override
    public void close() {
        app.stop();
    }
}
