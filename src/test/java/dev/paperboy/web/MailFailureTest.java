package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MailFailureTest {

    @Test
    void aSignUpWhoseMailCannotBeSentSaysSoAndKeepsTheAccount() throws IOException {
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

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("The mail could not be sent", "your account exists");
            assertThat(app.app().community().accounts().byEmail("ada@example.org")).isPresent();
        }
    }
}
