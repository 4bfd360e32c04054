package dev.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.paperboy.App;
import dev.paperboy.Config;
import dev.paperboy.TestApp;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harvest as {@code App} wires it from configuration, and what {@code /status} and {@code /api/status} show of it. */
class AppHarvestTest {
    @TempDir
    Path dir;

    @Test
    void a_configured_harvest_in_the_arxiv_format_fills_the_catalogue_and_the_status_facts() throws Exception {
        byte[] page = Files.readAllBytes(TestApp.shared("fixtures/arxiv/oai-pmh/arXiv_hepcrawl_arxiv-physics-hep-th.xml"));
        HttpServer oai = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        oai.createContext("/oai", exchange -> {
            exchange.sendResponseHeaders(200, page.length);
            try (var out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        oai.start();
        Config config = dev.paperboy.TestDatabases.configure(Config.defaultsOnly().with("data.dir", dir.toString())).with("demo.load", "false")
                .with("server.host", "127.0.0.1").with("server.port", "0").with("search.embed", "false")
                .with("harvest.format", "arXiv").with("harvest.set", "physics:hep-th")
                .with("arxiv.oai-base-url", "http://127.0.0.1:" + oai.getAddress().getPort() + "/oai");
        try (var app = new App(config, Clock.systemUTC())) {
            assertThat(app.harvestStatus()).containsEntry("last harvest", "never")
                    .containsEntry("next scheduled harvest", "none (harvest.schedule=false)");

            HarvestReport report = app.harvester().harvest(app.harvestRequest(null));

            assertThat(report.inserted()).isEqualTo(3);
            assertThat(app.catalogue().find("1412.8323")).get()
                    .satisfies(l -> assertThat(l.paper().authors()).containsExactly("Philipp A Hoehn"));
            assertThat(app.harvestStatus()).containsEntry("last harvest", "ok").containsEntry("requests", "1")
                    .containsEntry("records read", "3").containsEntry("inserted", "3")
                    .containsEntry("watermark", "2017-12-14T12:56:31Z");

            int port = app.serve().port();
            var client = java.net.http.HttpClient.newHttpClient();
            String json = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/api/status")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(json).contains("\"arXiv harvest\"", "\"records read\":\"3\"", "\"watermark\":\"2017-12-14T12:56:31Z\"");
            String html = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/status")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(html).contains("arXiv harvest", "next scheduled harvest", "none (harvest.schedule=false)");
        } finally {
            oai.stop(0);
        }
    }
}
