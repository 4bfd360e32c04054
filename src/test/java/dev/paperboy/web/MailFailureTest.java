package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sign-up and password reset answer the same whatever exists and whatever the mail server does: mails leave off the
 * request path, so neither a slow nor a dead SMTP server shows through as a slower or different answer.
 */
class MailFailureTest {

    @Test
    void a_sign_up_whose_mail_cannot_be_sent_still_answers_and_keeps_the_account() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (var app = TestApp.withDemo(Map.of("search.embed", "false", "smtp.host", "127.0.0.1",
                "smtp.port", Integer.toString(closedPort), "smtp.tls", "none", "smtp.timeout", "2")).start()) {
            var visitor = Member.anonymous(app);
            visitor.get("/signup");

            var response = visitor.postForm("/signup", Map.of("name", "Ada", "email", "ada@example.org",
                    "password", "correct horse battery"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("Check your mail");
            assertThat(app.app().community().accounts().byEmail("ada@example.org")).isPresent();
        }
    }

    /**
     * An SMTP server that accepts connections and then says nothing: before mails left the request path, a reset
     * for a known address waited for it until {@code smtp.timeout} and answered 503, an unknown one 200 at once.
     */
    @Test
    void reset_and_sign_up_answer_the_same_for_known_and_unknown_addresses_while_the_mail_server_hangs() throws Exception {
        try (var silent = new ServerSocket(0); var app = TestApp.withDemo(Map.of("search.embed", "false",
                "smtp.host", "127.0.0.1", "smtp.port", Integer.toString(silent.getLocalPort()), "smtp.tls", "none",
                "smtp.timeout", "20", "ratelimit.reset", "100/1h", "ratelimit.signup", "100/1h")).start()) {
            List<Socket> held = new ArrayList<>();
            var acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            Fixtures.member(app, "known@example.org", "Known", Role.MEMBER);

            var known = forgot(app, "known@example.org");
            var unknown = forgot(app, "unknown@example.org");
            var signUpTaken = signUp(app, "known@example.org");
            var signUpNew = signUp(app, "newcomer@example.org");

            assertThat(known.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(200);
            assertThat(strip(known.body())).isEqualTo(strip(unknown.body()));
            assertThat(signUpTaken.statusCode()).isEqualTo(signUpNew.statusCode()).isEqualTo(200);
            assertThat(strip(signUpTaken.body()).replace("known@example.org", "EMAIL"))
                    .isEqualTo(strip(signUpNew.body()).replace("newcomer@example.org", "EMAIL"));
            assertThat(Client.setCookie(signUpTaken, Security.SESSION)).isNull();
            assertThat(Client.setCookie(signUpNew, Security.SESSION)).isNull();
            silent.close();
            acceptor.join();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static java.net.http.HttpResponse<String> forgot(TestApp app, String email) {
        var client = new Client(app);
        client.get("/forgot");
        return client.postForm("/forgot", Map.of("email", email));
    }

    private static java.net.http.HttpResponse<String> signUp(TestApp app, String email) {
        var client = new Client(app);
        client.get("/signup");
        return client.postForm("/signup", Map.of("email", email, "name", "Someone", "password", "a long password"));
    }

    /** The page without the per-browser CSRF token. */
    private static String strip(String html) {
        return html.replaceAll("value=\"[^\"]{20,}\"", "TOKEN");
    }
}
