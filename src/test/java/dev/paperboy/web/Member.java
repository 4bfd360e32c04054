package dev.paperboy.web;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-like HTTP client for tests: keeps cookies, reads the CSRF token from the pages it gets, and posts forms
 * and JSON the way a browser or a script would. {@link #signedIn} makes a confirmed member and logs in through the
 * real login form.
 */
public final class Member {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final TestApp app;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private String csrf;
    public final User user;
    public final String email;
    public final String password;

    private Member(TestApp app, User user, String email, String password) {
        this.app = app;
        this.user = user;
        this.email = email;
        this.password = password;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A visitor with no account. */
    public static Member anonymous(TestApp app) {
        return new Member(app, null, null, null);
    }

    /** A confirmed member with this role, logged in through the login form. */
    public static Member signedIn(TestApp app, String email, Role role) {
        var accounts = app.app().community().accounts();
        String password = "password for " + email;
        User created = accounts.create(email, email.substring(0, email.indexOf('@')), role);
        // Set a known password the way a member would: through the reset link.
        String link = accounts.setupLink(created);
        String token = link.substring(link.indexOf("token=") + 6);
        accounts.resetPassword(token, password);
        var member = new Member(app, accounts.byEmail(email).orElseThrow(), email, password);
        member.login(email, password);
        return member;
    }

    /** Logs in through the form; returns the response (303 on success). */
    public HttpResponse<String> login(String email, String password) {
        get("/login");
        var response = postForm("/login", Map.of("email", email, "password", password));
        if (response.statusCode() == 303) {
            // Login rotates the CSRF cookie: read the new token from a page, as the browser's next page would have it.
            csrf = null;
            get("/papers");
        }
        return response;
    }

    public HttpResponse<String> get(String path) {
        var response = send(HttpRequest.newBuilder(uri(path)).GET());
        var m = CSRF.matcher(response.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return response;
    }

    /** The CSRF token from the last page that had a form (fetches one if none yet). */
    public String csrf() {
        if (csrf == null) {
            get("/login");
        }
        return csrf;
    }

    /** A form POST with the CSRF token, as the page's own form sends it. */
    public HttpResponse<String> postForm(String path, Map<String, String> fields) {
        var withToken = new LinkedHashMap<>(fields);
        withToken.putIfAbsent("_csrf", csrf());
        return postFormRaw(path, withToken);
    }

    /** A form POST exactly as given: no token added. */
    public HttpResponse<String> postFormRaw(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A JSON request with the session cookie and the CSRF header, as a page's script would send it. */
    public HttpResponse<String> json(String method, String path, String json) {
        var request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("X-CSRF-Token", csrf())
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(request);
    }

    /** A JSON request with a bearer token and no cookies, as a script would send it. */
    public static HttpResponse<String> bearer(TestApp app, String token, String method, String path, String json) {
        var request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of a cookie this client holds, or null. */
    public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(app.baseUrl() + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
