package dev.paperboy.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Our own CSS and scripts ({@code /static/…}) and KaTeX ({@code /webjars/…}), read from the classpath once,
 * compressed once (gzip, for clients that accept it; fonts are compressed already) and kept in memory with an
 * ETag. KaTeX's paths name its version, so browsers keep it for a year without asking; our own files change with
 * a release under the same name, so browsers revalidate them after an hour (a 304 when unchanged).
 */
final class StaticAssets {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Map<String, String> TYPES = Map.of("css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "woff2", "font/woff2", "woff", "font/woff", "ttf", "font/ttf",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon", "json", "application/json");
    /** Formats that are compressed already: gzip would only cost time. */
    private static final java.util.Set<String> COMPRESSED = java.util.Set.of("woff2", "woff", "png", "ico");

    private record Asset(byte[] body, byte[] gzip, String type, String etag) {}

    private final Map<String, Optional<Asset>> assets = new ConcurrentHashMap<>();

    void register(JavalinConfig config) {
        config.routes.get("/static/<path>", ctx -> serve(ctx, "static/" + ctx.pathParam("path"), "public, max-age=3600"));
        config.routes.get("/webjars/<path>", ctx -> serve(ctx, "META-INF/resources/webjars/" + ctx.pathParam("path"),
                "public, max-age=31536000, immutable"));
    }

    private void serve(Context ctx, String resource, String cacheControl) {
        Asset asset = assets.computeIfAbsent(resource, StaticAssets::load).orElseThrow(NotFoundResponse::new);
        ctx.header("Cache-Control", cacheControl);
        ctx.header("ETag", asset.etag());
        ctx.header("Vary", "Accept-Encoding");
        if (asset.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.type());
        String accepts = ctx.header("Accept-Encoding");
        if (asset.gzip() != null && accepts != null && accepts.toLowerCase(Locale.ROOT).contains("gzip")) {
            ctx.header("Content-Encoding", "gzip");
            ctx.result(asset.gzip());
        } else {
            ctx.result(asset.body());
        }
    }

    private static Optional<Asset> load(String resource) {
        if (!SAFE.matcher(resource).matches() || resource.contains("..")) {
            return Optional.empty();
        }
        String extension = resource.substring(resource.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(extension);
        if (type == null) {
            return Optional.empty();  // nothing else is ours to serve from there (no class files, no licences)
        }
        try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] body = in.readAllBytes();
            byte[] gzip = COMPRESSED.contains(extension) ? null : gzip(body);
            String etag = "\"" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body), 0, 8) + "\"";
            return Optional.of(new Asset(body, gzip, type, etag));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gzip(byte[] body) throws IOException {
        var out = new ByteArrayOutputStream(body.length / 3);
        try (var gz = new GZIPOutputStream(out) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(body);
        }
        return out.toByteArray();
    }
}
