package dev.paperboy.web;

import dev.paperboy.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A cookie-keeping HTTP client, as a browser or a page's script would be: it reads the CSRF token from the pages
 * it gets and sends it with forms. It can connect from another loopback address (127.0.0.2, 127.0.0.3, …), so
 * that per-IP and per-account rate limits can be told apart, and it can plant or replay cookies and send requests
 * exactly as given. {@link Member} is one of these signed in as a member.
 */
final class Client {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final TestApp app;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private String csrf;

    Client(TestApp app) {
        this(app, null);
    }

    /** @param ip a loopback address to connect from, e.g. "127.0.0.7"; null for the default */
    Client(TestApp app, String ip) {
        this.app = app;
        var builder = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER);
        if (ip != null) {
            try {
                builder.localAddress(InetAddress.getByName(ip));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        this.http = builder.build();
    }

    HttpResponse<String> get(String path) {
        var response = send(HttpRequest.newBuilder(uri(path)).GET());
        var m = CSRF.matcher(response.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return response;
    }

    /** The CSRF token of the last page with a form (fetches /login when there was none yet). */
    String csrf() {
        if (csrf == null) {
            get("/login");
        }
        return csrf;
    }

    HttpResponse<String> login(String email, String password) {
        get("/login");
        var response = postForm("/login", Map.of("email", email, "password", password));
        if (response.statusCode() == 303) {
            // Login rotates the CSRF cookie: read the new token from a page, as the browser's next page would have it.
            csrf = null;
        }
        return response;
    }

    HttpResponse<String> postForm(String path, Map<String, String> fields) {
        var withToken = new LinkedHashMap<>(fields);
        withToken.putIfAbsent("_csrf", csrf());
        return postFormRaw(path, withToken);
    }

    HttpResponse<String> postFormRaw(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A JSON request with this client's cookies and, when {@code csrfHeader} is not null, that X-CSRF-Token. */
    HttpResponse<String> json(String method, String path, String json, String csrfHeader) {
        var request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (csrfHeader != null) {
            request.header("X-CSRF-Token", csrfHeader);
        }
        return send(request);
    }

    String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    /** The value a Set-Cookie header sets. */
    static String cookieValue(String setCookie) {
        return setCookie == null ? null : setCookie.substring(setCookie.indexOf('=') + 1).split(";", 2)[0];
    }

    /** The CSRF token of the first form on a page. */
    static String csrfOf(String html) {
        var m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no form with a CSRF token on the page:\n" + html);
        }
        return m.group(1);
    }

    /** A request with exactly this Cookie header and nothing of this client's state. */
    static HttpResponse<String> withCookieHeader(TestApp app, String method, String path, String cookieHeader) {
        return withCookieHeader(app, method, path, cookieHeader, null);
    }

    /** The same with a form body (its fields URL-encoded), when {@code form} is not null. */
    static HttpResponse<String> withCookieHeader(TestApp app, String method, String path, String cookieHeader,
            Map<String, String> form) {
        var request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path));
        if (form == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded").method(method,
                    HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"))));
        }
        if (cookieHeader != null) {
            request.header("Cookie", cookieHeader);
        }
        try {
            return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The Set-Cookie header for this cookie name in a response, or null. */
    static String setCookie(HttpResponse<?> response, String name) {
        List<String> all = response.headers().allValues("set-cookie");
        return all.stream().filter(h -> h.startsWith(name + "=")).reduce((a, b) -> b).orElse(null);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return URI.create(app.baseUrl() + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
