package dev.paperboy.web;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * A visitor in tests: a {@link Client} (cookies, CSRF tokens read from pages) with the account it is signed in
 * as. {@link #signedIn} makes a confirmed member and logs in through the real login form.
 */
public final class Member {
    private final Client client;
    public final User user;
    public final String email;
    public final String password;

    private Member(TestApp app, User user, String email, String password) {
        this.client = new Client(app);
        this.user = user;
        this.email = email;
        this.password = password;
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
        accounts.resetPassword(link.substring(link.indexOf("token=") + 6), password);
        var member = new Member(app, accounts.byEmail(email).orElseThrow(), email, password);
        member.login(email, password);
        return member;
    }

    /** Logs in through the form; returns the response (303 on success). */
    public HttpResponse<String> login(String email, String password) {
        return client.login(email, password);
    }

    public HttpResponse<String> get(String path) {
        return client.get(path);
    }

    /** The CSRF token from the last page that had a form (fetches one if none yet). */
    public String csrf() {
        return client.csrf();
    }

    /** A form POST with the CSRF token, as the page's own form sends it. */
    public HttpResponse<String> postForm(String path, Map<String, String> fields) {
        return client.postForm(path, fields);
    }

    /** A form POST exactly as given: no token added. */
    public HttpResponse<String> postFormRaw(String path, Map<String, String> fields) {
        return client.postFormRaw(path, fields);
    }

    /** A JSON request with the session cookie and the CSRF header, as a page's script would send it. */
    public HttpResponse<String> json(String method, String path, String json) {
        return client.json(method, path, json, client.csrf());
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

    /** The value of a cookie this visitor holds, or null. */
    public String cookie(String name) {
        return client.cookie(name);
    }
}
