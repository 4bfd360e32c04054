package dev.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.ingest.OaiReplayServer.Cut;
import dev.paperboy.ingest.OaiReplayServer.Fixture;
import dev.paperboy.ingest.OaiReplayServer.Slow;
import dev.paperboy.ingest.OaiReplayServer.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harvester against a local server replaying the real arXivRaw records as three pages (3 + 3 + 1 records), with
 * faults injected. Time is the injected clock: the 3-second spacing, Retry-After and back-off cost nothing here.
 */
class OaiHarvesterTest {
    @TempDir
    Path dir;

    ManualClock clock;
    OaiReplayServer server;
    Harvesting harvesting;

    @BeforeEach
    void start() {
        clock = new ManualClock(Harvesting.START);
        server = new OaiReplayServer(clock, 3);
        harvesting = new Harvesting(dir, server.uri(), clock);
    }

    @AfterEach
    void stop() {
        harvesting.close();
        server.close();
    }

    private List<Duration> gaps() {
        var gaps = new ArrayList<Duration>();
        for (int i = 1; i < server.requests.size(); i++) {
            gaps.add(Duration.between(server.requests.get(i - 1).at(), server.requests.get(i).at()));
        }
        return gaps;
    }

    private List<String> queries() {
        return server.requests.stream().map(OaiReplayServer.Request::query).toList();
    }

    @Test
    void a_multi_page_harvest_stores_every_record_once_and_sets_the_watermark() throws Exception {
        HarvestReport report = harvesting.harvest();

        assertThat(harvesting.ids()).containsExactlyElementsOf(OaiReplayServer.RECORD_IDS);
        assertThat(report.ok()).isTrue();
        assertThat(report.read()).isEqualTo(7);
        assertThat(report.inserted()).isEqualTo(7);
        assertThat(report.requests()).isEqualTo(3);
        assertThat(report.retries()).isZero();
        assertThat(report.watermark()).isEqualTo(Instant.parse("2015-01-06T20:49:59Z"));
        assertThat(harvesting.state().watermark()).isEqualTo(Instant.parse("2015-01-06T20:49:59Z"));
        assertThat(harvesting.state().inProgress()).isFalse();
        assertThat(queries()).containsExactly(
                "verb=ListRecords&metadataPrefix=arXivRaw&from=2015-01-04",
                "verb=ListRecords&resumptionToken=t1",
                "verb=ListRecords&resumptionToken=t2");
        assertThat(gaps()).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
        assertThat(harvesting.log.lastRun()).get().extracting(HarvestReport::outcome, HarvestReport::inserted)
                .containsExactly("ok", 7L);
    }

    @Test
    void the_next_harvest_starts_from_the_watermark_and_rewrites_nothing() throws Exception {
        harvesting.harvest();
        List<String> before = harvesting.papers();
        server.requests.clear();
        server.responseDate = "2015-01-08T21:00:00Z";
        clock.advance(Duration.ofDays(1));

        HarvestReport again = harvesting.harvest();

        assertThat(queries().getFirst()).isEqualTo("verb=ListRecords&metadataPrefix=arXivRaw&from=2015-01-06");
        assertThat(again.inserted()).isZero();
        assertThat(again.unchanged()).isEqualTo(7);
        assertThat(harvesting.papers()).isEqualTo(before);
        assertThat(harvesting.state().watermark()).isEqualTo(Instant.parse("2015-01-08T21:00:00Z"));
    }

    @Test
    void no_records_match_is_a_success_with_nothing_new() throws Exception {
        server.fault(1, new Fixture("arXivRaw_mikesaelim_ErrorResponseNoRecordsMatch.xml"));

        HarvestReport report = harvesting.harvest();

        assertThat(report.ok()).isTrue();
        assertThat(report.read()).isZero();
        assertThat(harvesting.ids()).isEmpty();
        assertThat(harvesting.state().watermark()).isEqualTo(Instant.parse("2015-06-23T13:28:30Z"));
    }

    @Test
    void a_503_with_retry_after_seconds_waits_that_long_then_continues() throws Exception {
        server.fault(2, new Status(503, "7"));

        HarvestReport report = harvesting.harvest();

        assertThat(harvesting.ids()).containsExactlyElementsOf(OaiReplayServer.RECORD_IDS);
        assertThat(report.requests()).isEqualTo(4);
        assertThat(report.retries()).isEqualTo(1);
        assertThat(gaps()).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(7), Duration.ofSeconds(3));
    }

    @Test
    void a_429_with_retry_after_as_an_http_date_waits_until_that_date() throws Exception {
        // The date is read against our clock: 20 s after the moment page 2 is requested (START + 3 s).
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Harvesting.START.plusSeconds(23).atZone(ZoneOffset.UTC));
        server.fault(2, new Status(429, date));

        harvesting.harvest();

        assertThat(harvesting.ids()).hasSize(7);
        assertThat(gaps()).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(20), Duration.ofSeconds(3));
    }

    @Test
    void other_transient_failures_back_off_exponentially_never_below_the_interval() throws Exception {
        server.fault(2, new Status(500, null), new Status(502, null), new Status(503, null));

        HarvestReport report = harvesting.harvest();

        assertThat(report.retries()).isEqualTo(3);
        assertThat(gaps()).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(40), Duration.ofSeconds(3));
        assertThat(harvesting.ids()).hasSize(7);
    }

    @Test
    void a_body_cut_mid_record_commits_nothing_of_that_page_and_a_rerun_resumes_there() throws Exception {
        var cuts = new OaiReplayServer.Fault[20];
        java.util.Arrays.fill(cuts, new Cut());
        server.fault(2, cuts);
        var failing = new Harvesting(dir.resolve("b"), server.uri(), clock, Duration.ofSeconds(5), Duration.ofMinutes(2));

        assertThatThrownBy(failing::harvest).isInstanceOf(HarvestException.class)
                .hasMessageContaining("gave up").hasMessageContaining("malformed or truncated");
        assertThat(failing.ids()).containsExactly("0704.0471", "0704.0716", "0704.0874");
        assertThat(failing.state().watermark()).isNull();
        assertThat(failing.state().token()).isEqualTo("t1");
        assertThat(failing.log.lastRun()).get().extracting(HarvestReport::outcome).isEqualTo("failed");
        gaps().forEach(gap -> assertThat(gap).isGreaterThanOrEqualTo(Duration.ofSeconds(3)));

        server.close();
        var healthy = new OaiReplayServer(clock, 3);
        var rerun = new Harvesting(dir.resolve("b"), healthy.uri(), clock);
        // A new server has a new port, hence a new stream; point the stored position at it as a restart would.
        try (healthy; rerun) {
            failing.database.jdbi().useHandle(h -> h.execute("UPDATE harvest_state SET stream = ?",
                    new OaiHarvester.Request(healthy.uri(), "", "arXivRaw", null).stream()));
            HarvestReport report = rerun.harvest();
            assertThat(healthy.requests).extracting(OaiReplayServer.Request::query)
                    .containsExactly("verb=ListRecords&resumptionToken=t1", "verb=ListRecords&resumptionToken=t2");
            assertThat(report.inserted()).isEqualTo(4);
            assertThat(rerun.ids()).containsExactlyElementsOf(OaiReplayServer.RECORD_IDS);
        } finally {
            failing.close();
        }
    }

    @Test
    void a_cut_body_is_retried_and_nothing_is_lost_or_duplicated() throws Exception {
        server.fault(2, new Cut());

        HarvestReport report = harvesting.harvest();

        assertThat(report.retries()).isEqualTo(1);
        assertThat(report.read()).isEqualTo(7);
        assertThat(harvesting.ids()).containsExactlyElementsOf(OaiReplayServer.RECORD_IDS);
    }

    @Test
    void a_response_slower_than_the_timeout_is_abandoned_and_retried() throws Exception {
        try (var quick = new Harvesting(dir.resolve("q"), server.uri(), clock, Duration.ofMillis(300), Duration.ofMinutes(30))) {
            server.fault(2, new Slow(Duration.ofMillis(1500)));

            HarvestReport report = quick.harvest();

            assertThat(report.retries()).isEqualTo(1);
            assertThat(quick.ids()).containsExactlyElementsOf(OaiReplayServer.RECORD_IDS);
        }
    }

    @Test
    void an_expired_resumption_token_restarts_the_window_from_its_start() throws Exception {
        server.fault(2, new Fixture("arXivRaw_mikesaelim_ErrorResponseBadResumptionToken.xml"));

        HarvestReport report = harvesting.harvest();

        assertThat(queries()).containsExactly(
                "verb=ListRecords&metadataPrefix=arXivRaw&from=2015-01-04",
                "verb=ListRecords&resumptionToken=t1",
                "verb=ListRecords&metadataPrefix=arXivRaw&from=2015-01-04",
                "verb=ListRecords&resumptionToken=t1",
                "verb=ListRecords&resumptionToken=t2");
        assertThat(report.ok()).isTrue();
        assertThat(report.inserted()).isEqualTo(7);
        assertThat(report.unchanged()).isEqualTo(3);
        assertThat(harvesting.ids()).containsExactlyElementsOf(OaiReplayServer.RECORD_IDS);
    }

    @Test
    void bad_argument_stops_with_a_message_naming_the_argument() {
        server.fault(1, new Fixture("arXivRaw_mikesaelim_ErrorResponseBadArgument.xml"));

        assertThatThrownBy(harvesting::harvest).isInstanceOf(HarvestException.class)
                .hasMessageContaining("badArgument").hasMessageContaining("illegal argument 'identifier'");
        assertThat(harvesting.state().watermark()).isNull();
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void bad_verb_stops_with_the_repositorys_message() {
        server.fault(1, new Fixture("arXivRaw_mikesaelim_ErrorResponseBadVerb.xml"));

        assertThatThrownBy(harvesting::harvest).isInstanceOf(HarvestException.class)
                .hasMessageContaining("badVerb").hasMessageContaining("Verb 'wah' not implemented");
    }

    @Test
    void a_server_that_stays_busy_makes_it_give_up_after_the_maximum_wait_without_a_tight_loop() throws Exception {
        var busy = new OaiReplayServer.Fault[50];
        java.util.Arrays.fill(busy, new Status(503, "120"));
        server.fault(1, busy);
        try (var patient = new Harvesting(dir.resolve("p"), server.uri(), clock, Duration.ofSeconds(5), Duration.ofMinutes(10))) {
            assertThatThrownBy(patient::harvest).isInstanceOf(HarvestException.class)
                    .hasMessageContaining("gave up").hasMessageContaining("harvest.max-wait (600 s)")
                    .hasMessageContaining("HTTP 503 with Retry-After 120 s");
            assertThat(server.requests).hasSize(6);
            gaps().forEach(gap -> assertThat(gap).isEqualTo(Duration.ofSeconds(120)));
            assertThat(patient.state().watermark()).isNull();
        }
    }

    @Test
    void a_second_harvest_beside_a_running_one_is_refused() throws Exception {
        String other = HarvestLog.newHolder();
        assertThat(harvesting.log.acquire(other, Duration.ofMinutes(5))).isEmpty();

        assertThatThrownBy(harvesting::harvest).isInstanceOf(HarvestException.class)
                .hasMessageContaining("another harvest is running");
        assertThat(server.requests).isEmpty();

        harvesting.log.release(other);
        assertThat(harvesting.harvest().ok()).isTrue();
    }

    @Test
    void a_deleted_record_keeps_the_paper_but_takes_it_out_of_the_automatic_feed() throws Exception {
        harvesting.harvest();
        assertThat(harvesting.feed()).contains("0704.0471@2007-04-03");
        var deleted = """
                <record>
                <header status="deleted">
                 <identifier>oai:arXiv.org:0704.0471</identifier>
                 <datestamp>2015-01-07</datestamp>
                 <setSpec>physics:nucl-ex</setSpec>
                </header>
                </record>""";
        try (var deletions = new OaiReplayServer(clock, 3, List.of(deleted))) {
            clock.advance(Duration.ofDays(1));
            var after = new Harvesting(dir, deletions.uri(), clock);
            try (after) {
                HarvestReport report = after.harvester.harvest(new OaiHarvester.Request(deletions.uri(), "", "arXivRaw", null));
                assertThat(report.deleted()).isEqualTo(1);
            }
        }
        assertThat(harvesting.catalogue.find("0704.0471")).isPresent();
        assertThat(harvesting.catalogue.isDeleted("0704.0471")).isTrue();
        assertThat(harvesting.feed()).doesNotContain("0704.0471@2007-04-03").hasSize(6);
    }

    @Test
    void the_user_agent_names_paperboy_and_the_contact() {
        var settings = new ArxivSettings(server.uri(), server.uri(), "ops@example.org", Duration.ofSeconds(3),
                Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, Duration.ZERO);
        assertThat(settings.userAgent()).startsWith("Paperboy/").contains("mailto:ops@example.org");
    }

    @Test
    void status_shows_how_far_through_the_list_a_harvest_got_as_n_of_m_which_the_page_draws_as_a_bar() throws Exception {
        server.fault(2, new Fixture("arXivRaw_mikesaelim_ErrorResponseNoRecordsMatch.xml"));
        try {
            harvesting.harvest();
        } catch (HarvestException stoppedAfterThePage) {
            // the first page (3 of the 7 records) committed; then arXiv answered with an error
        }
        assertThat(harvesting.log.status(null)).containsEntry("list harvested", "3 of 7 records (42.9 %)");

        harvesting.harvest();

        String done = harvesting.log.status(null).get("list harvested");
        assertThat(done).isEqualTo("7 of 7 records (100.0 %)");
        assertThat(dev.paperboy.web.Charts.progressOf("list harvested", done)).contains("<svg", "width=\"199.0\"");
    }
}
