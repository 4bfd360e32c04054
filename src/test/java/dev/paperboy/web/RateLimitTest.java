package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Login, sign-up, password reset and submit are limited per IP address and per account. Each test connects from
 * its own loopback addresses (127.0.0.x), so the per-IP and the per-account counts can be told apart.
 */
class RateLimitTest {
    private static final Pattern ERROR = Pattern.compile("<p class=\"error\" role=\"alert\">([^<]*)</p>");
    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.withDemo(Map.of("search.embed", "false", "ratelimit.login", "3/15m", "ratelimit.signup", "2/1h",
                "ratelimit.reset", "2/1h", "ratelimit.submit", "2/1h", "ratelimit.login-free-failures", "2")).start();
        for (String name : new String[] {"victim", "reset", "sameness", "submitter", "a", "b"}) {
            Fixtures.member(app, name + "@example.org", name, Role.MEMBER);
        }
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void logins_from_one_ip_are_limited_whatever_the_addresses_tried() {
        var client = new Client(app, "127.0.0.11");
        client.get("/login");
        for (int i = 1; i <= 3; i++) {
            assertThat(login(client, "guess" + i + "@example.org", "wrong password").statusCode()).isEqualTo(401);
        }

        var limited = login(client, "guess4@example.org", "wrong password");

        assertLimited(limited, 15 * 60);
        // Another address is not affected.
        assertThat(login(new Client(app, "127.0.0.12"), "guess5@example.org", "wrong password").statusCode()).isEqualTo(401);
    }

    @Test
    void guessing_one_password_from_one_address_is_slowed_but_never_delays_the_owner_elsewhere() {
        // ratelimit.login-free-failures=2: the second wrong password from an address makes its next try wait.
        var attacker = new Client(app, "127.0.0.21");
        assertThat(login(attacker, "victim@example.org", "wrong 1").statusCode()).isEqualTo(401);
        assertThat(login(attacker, "victim@example.org", "wrong 2").statusCode()).isEqualTo(401);

        var slowed = login(attacker, "victim@example.org", "wrong 3");
        var owner = new Client(app, "127.0.0.24");
        var ownerLogin = login(owner, "Victim@Example.org ", Fixtures.password("victim@example.org"));

        assertLimited(slowed, 1);
        assertThat(slowed.body()).contains("wrong passwords for this account from your address");
        assertThat(ownerLogin.statusCode()).as(ownerLogin.body()).isEqualTo(303);
        assertThat(owner.cookie(Security.SESSION)).isNotNull();
        // The attacker's address may still try other accounts (up to ratelimit.login per address).
        assertThat(login(attacker, "nobody-else@example.org", "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void x_forwarded_for_names_the_client_only_when_the_peer_is_a_trusted_proxy() {
        try (var proxied = TestApp.withDemo(Map.of("search.embed", "false", "ratelimit.login", "2/15m",
                "server.trusted-proxies", "127.0.0.101, 10.0.0.0/8")).start()) {
            var proxy = new Client(proxied, "127.0.0.101");
            assertThat(forwardedLogin(proxy, "203.0.113.5").statusCode()).isEqualTo(401);
            assertThat(forwardedLogin(proxy, "203.0.113.5").statusCode()).isEqualTo(401);
            assertThat(forwardedLogin(proxy, "198.51.100.1, 203.0.113.5").statusCode()).isEqualTo(429);
            // Another client behind the same proxy has its own count; a forged left-most hop changes nothing.
            assertThat(forwardedLogin(proxy, "203.0.113.5, 203.0.113.6").statusCode()).isEqualTo(401);

            var direct = new Client(proxied, "127.0.0.102");
            assertThat(forwardedLogin(direct, "192.0.2.1").statusCode()).isEqualTo(401);
            assertThat(forwardedLogin(direct, "192.0.2.2").statusCode()).isEqualTo(401);
            // Not a trusted proxy: its X-Forwarded-For is ignored, the socket address is limited.
            assertThat(forwardedLogin(direct, "192.0.2.3").statusCode()).isEqualTo(429);
        }
    }

    private static HttpResponse<String> forwardedLogin(Client client, String forwardedFor) {
        String body = "email=someone%40example.org&password=wrong&_csrf=" + java.net.URLEncoder.encode(client.csrf(),
                java.nio.charset.StandardCharsets.UTF_8);
        return client.send(java.net.http.HttpRequest.newBuilder(client.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-For", forwardedFor)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void sign_ups_from_one_ip_are_limited() {
        var client = new Client(app, "127.0.0.31");
        assertThat(signup(client, "new1@example.org").statusCode()).isEqualTo(200);
        client = new Client(app, "127.0.0.31");
        assertThat(signup(client, "new2@example.org").statusCode()).isEqualTo(200);

        var limited = signup(new Client(app, "127.0.0.31"), "new3@example.org");

        assertLimited(limited, 3600);
        assertThat(app.app().community().accounts().byEmail("new3@example.org")).isEmpty();
    }

    @Test
    void sign_ups_for_one_address_are_limited_across_ips() {
        assertThat(signup(new Client(app, "127.0.0.41"), "twice@example.org").statusCode()).isEqualTo(200);
        // The same answer as for a new address: sign-up does not tell who has an account.
        assertThat(signup(new Client(app, "127.0.0.42"), "twice@example.org").statusCode()).isEqualTo(200);

        assertLimited(signup(new Client(app, "127.0.0.43"), "twice@example.org"), 3600);
    }

    @Test
    void password_reset_requests_from_one_ip_are_limited() {
        var client = new Client(app, "127.0.0.51");
        assertThat(forgot(client, "x1@example.org").statusCode()).isEqualTo(200);
        assertThat(forgot(client, "x2@example.org").statusCode()).isEqualTo(200);

        assertLimited(forgot(client, "x3@example.org"), 3600);
    }

    @Test
    void password_reset_requests_for_one_account_are_limited_across_ips() {
        assertThat(forgot(new Client(app, "127.0.0.61"), "reset@example.org").statusCode()).isEqualTo(200);
        assertThat(forgot(new Client(app, "127.0.0.62"), "reset@example.org").statusCode()).isEqualTo(200);

        assertLimited(forgot(new Client(app, "127.0.0.63"), "reset@example.org"), 3600);
    }

    @Test
    void submissions_from_one_ip_are_limited_across_members() {
        var a = Fixtures.loggedIn(app, "127.0.0.71", "a@example.org");
        var b = Fixtures.loggedIn(app, "127.0.0.71", "b@example.org");
        assertThat(submit(a).statusCode()).isEqualTo(400);
        assertThat(submit(b).statusCode()).isEqualTo(400);

        assertLimited(submit(a), 3600);
        assertThat(a.json("POST", "/api/papers/submit", "{\"paper_id\": \"not an id\"}", a.csrf()).statusCode()).isEqualTo(429);
    }

    @Test
    void submissions_by_one_member_are_limited_across_ips() {
        assertThat(submit(Fixtures.loggedIn(app, "127.0.0.81", "submitter@example.org")).statusCode()).isEqualTo(400);
        assertThat(submit(Fixtures.loggedIn(app, "127.0.0.82", "submitter@example.org")).statusCode()).isEqualTo(400);
        var third = Fixtures.loggedIn(app, "127.0.0.83", "submitter@example.org");

        assertLimited(submit(third), 3600);
        var api = third.json("POST", "/api/papers/submit", "{\"paper_id\": \"not an id\"}", third.csrf());
        assertThat(api.statusCode()).isEqualTo(429);
        assertThat(api.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void a_failed_login_says_the_same_for_an_unknown_address_and_a_wrong_password() {
        var client = new Client(app, "127.0.0.91");
        var unknown = login(client, "nobody@example.org", "some password");
        var wrong = login(client, "sameness@example.org", "some password");

        assertThat(unknown.statusCode()).isEqualTo(wrong.statusCode()).isEqualTo(401);
        assertThat(error(unknown)).isEqualTo(error(wrong)).isEqualTo("That email and password do not match an account.");
        assertThat(unknown.body().replace("nobody@example.org", "EMAIL").replaceAll("value=\"[^\"]{20,}\"", "TOKEN"))
                .isEqualTo(wrong.body().replace("sameness@example.org", "EMAIL").replaceAll("value=\"[^\"]{20,}\"", "TOKEN"));
    }

    private static HttpResponse<String> login(Client client, String email, String password) {
        client.get("/login");
        return client.postForm("/login", Map.of("email", email, "password", password));
    }

    private static HttpResponse<String> signup(Client client, String email) {
        client.get("/signup");
        return client.postForm("/signup", Map.of("email", email, "name", "New Member", "password", "a long password"));
    }

    private static HttpResponse<String> forgot(Client client, String email) {
        client.get("/forgot");
        return client.postForm("/forgot", Map.of("email", email));
    }

    private static HttpResponse<String> submit(Client client) {
        client.get("/papers/submit");
        return client.postForm("/papers/submit", Map.of("paper_id", "not an id"));
    }

    private static void assertLimited(HttpResponse<String> response, long windowSeconds) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                assertThat(Long.parseLong(v)).isBetween(1L, windowSeconds));
        assertThat(response.body()).contains("Too many");
    }

    private static String error(HttpResponse<String> response) {
        var m = ERROR.matcher(response.body());
        assertThat(m.find()).as(response.body()).isTrue();
        return m.group(1);
    }
}
