package dev.paperboy.web;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * The headers every response carries, set in front of everything else (cache hits, pages, errors, static files).
 * The pages load scripts and styles only from this server and have no inline script or style attribute, so the
 * policy needs no {@code 'unsafe-inline'}; KaTeX sets its styles through the DOM, which a policy does not restrict.
 */
final class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    /** {@code /digest/preview} shows a digest mail's HTML, whose styles are inline as mail clients need; no script. */
    static final String MAIL_PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox allow-popups allow-top-navigation-by-user-activation";
    static final String HSTS = "max-age=31536000";

    private final boolean httpsBehindProxy;

    /** @param httpsBehindProxy {@code server.base-url} is https: TLS ends at a proxy, so every response gets HSTS */
    SecurityHeaders(boolean httpsBehindProxy) {
        this.httpsBehindProxy = httpsBehindProxy;
    }

    void addTo(Request request, Response response) {
        var headers = response.getHeaders();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        // For browsers that predate frame-ancestors.
        headers.put("X-Frame-Options", "DENY");
        // Reset and confirmation links carry their token in the URL: other sites see at most our origin.
        headers.put("Referrer-Policy", "strict-origin-when-cross-origin");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        if (httpsBehindProxy || request.isSecure()) {
            // Only over HTTPS: sent over plain HTTP it would be ignored, and a test server on localhost must not be pinned.
            headers.put("Strict-Transport-Security", HSTS);
        }
    }
}
