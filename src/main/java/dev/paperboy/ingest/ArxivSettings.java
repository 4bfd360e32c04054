package dev.paperboy.ingest;

import dev.paperboy.Config;
import dev.paperboy.ConfigException;
import java.net.URI;
import java.time.Duration;

/**
 * How Paperboy talks to arXiv, read once from the {@code arxiv.*} and {@code harvest.*} keys.
 *
 * @param minInterval the least time between two requests; arXiv's terms ask for 3 s, so it can only be raised
 * @param timeout how long one request may take before it counts as failed and is retried
 * @param maxWait the most a run waits in total on retries (Retry-After and back-off) before it gives up
 * @param backoffInitial the first wait after a transient failure; each further one doubles, up to {@code backoffMax}
 */
public record ArxivSettings(
        URI oaiBaseUrl, URI apiBaseUrl, String contact, Duration minInterval, Duration timeout,
        Duration maxWait, Duration backoffInitial, Duration backoffMax) {

    /** arXiv's published limit: "no more than one request every three seconds". */
    public static final Duration ARXIV_MIN_INTERVAL = Duration.ofSeconds(3);

    /** @throws ConfigException when a value is malformed or {@code arxiv.min-interval} is below 3 s */
    public static ArxivSettings from(Config config) {
        Duration interval = config.duration("arxiv.min-interval");
        if (interval.compareTo(ARXIV_MIN_INTERVAL) < 0) {
            throw new ConfigException("arxiv.min-interval must be at least 3 seconds (arXiv's terms of use allow one "
                    + "request every three seconds); it can be raised, not lowered, and is " + interval.toMillis() + " ms");
        }
        return new ArxivSettings(uri(config, "arxiv.oai-base-url"), uri(config, "arxiv.api-base-url"),
                config.string("arxiv.contact"), interval, config.duration("arxiv.timeout"),
                config.duration("harvest.max-wait"), config.duration("harvest.backoff-initial"),
                config.duration("harvest.backoff-max"));
    }

    /** The User-Agent every request carries: Paperboy, and whom to contact about it. */
    public String userAgent() {
        return "Paperboy/0.1 (self-hosted research-papers service; "
                + (contact.isBlank() ? "no contact configured, set arxiv.contact" : "mailto:" + contact) + ")";
    }

    private static URI uri(Config config, String key) {
        try {
            URI uri = URI.create(config.string(key));
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + " must be an http(s) URL, not '" + config.string(key) + "'");
        }
    }
}
