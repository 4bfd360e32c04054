package dev.paperboy.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paperboy.paper.Listing;
import dev.paperboy.paper.Paper;
import dev.paperboy.search.SearchBackend;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Our papers in the JSON shapes of Hugging Face's papers API, field for field, so that {@code huggingface_hub} and
 * other clients work unchanged. Fields we do not have (thumbnails, organisations, avatars, Hub object ids) are
 * left out, as clients tolerate; nothing is invented.
 */
final class HfJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    // Hugging Face writes millisecond UTC timestamps: 2025-12-27T09:07:12.000Z.
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private HfJson() {}

    /** A {@code /api/daily_papers} item: the feed wrapper around a nested paper. */
    static ObjectNode dailyPaper(Listing listing) {
        Paper p = listing.paper();
        ObjectNode item = MAPPER.createObjectNode();
        item.set("paper", paper(listing));
        if (listing.placement() != null) {
            item.put("publishedAt", timestamp(listing.placement().enteredAt()));
        }
        item.put("title", p.title());
        item.put("summary", p.abstractText());
        item.put("numComments", listing.numComments());
        if (listing.placement() != null && listing.placement().submitter() != null) {
            item.set("submittedBy", user("name", listing.placement().submitter()));
        }
        item.put("isAuthorParticipating", false);
        return item;
    }

    /** A {@code /api/papers/search} item: the daily-paper wrapper plus highlighted title and summary segments. */
    static ObjectNode searchItem(Listing listing, SearchBackend.Hit hit) {
        ObjectNode item = dailyPaper(listing);
        item.put("upvoted", false);
        item.set("highlightedTitle", segments(hit.title().segments(listing.paper().title())));
        item.set("highlightedSummary", segments(hit.summary().segments(listing.paper().abstractText())));
        // Hugging Face's shape has no such field; it tells a client which items only relate by meaning.
        item.put("relatedByMeaning", hit.related());
        return item;
    }

    private static ArrayNode segments(List<SearchBackend.Segment> segments) {
        ArrayNode array = MAPPER.createArrayNode();
        for (var segment : segments) {
            array.addObject().put("type", segment.highlight() ? "highlight" : "text").put("text", segment.text());
        }
        return array;
    }

    static ArrayNode dailyPapers(List<Listing> listings) {
        ArrayNode array = MAPPER.createArrayNode();
        listings.forEach(l -> array.add(dailyPaper(l)));
        return array;
    }

    /** {@code /api/papers/{id}}: the flat paper. */
    static ObjectNode paper(Listing listing) {
        Paper p = listing.paper();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", p.id());
        ArrayNode authors = node.putArray("authors");
        for (String name : p.authors()) {
            authors.addObject().put("name", name).put("hidden", false);
        }
        if (p.published() != null) {
            node.put("publishedAt", timestamp(p.published()));
        }
        if (listing.placement() != null) {
            node.put("submittedOnDailyAt", timestamp(listing.placement().enteredAt()));
            if (listing.placement().submitter() != null) {
                node.set("submittedOnDailyBy", user("user", listing.placement().submitter()));
            }
        }
        node.put("title", p.title());
        node.put("summary", p.abstractText());
        node.put("upvotes", listing.upvotes());
        if (p.projectPage() != null) {
            node.put("projectPage", p.projectPage());
        }
        if (p.githubRepo() != null) {
            node.put("githubRepo", p.githubRepo());
        }
        // As Hugging Face returns them, inside "paper"; ours stand in where Hugging Face had none. No extra key says
        // whose they are (clients check the shape strictly); the paper page and its Markdown say it.
        var notes = listing.notes();
        if (notes.summary() != null) {
            node.put("ai_summary", notes.summary());
        }
        if (!notes.keywords().isEmpty()) {
            ArrayNode keywords = node.putArray("ai_keywords");
            notes.keywords().forEach(keywords::add);
        }
        return node;
    }

    // Hugging Face names the username "name" in submittedBy but "user" in submittedOnDailyBy (huggingface_hub's
    // User reads "user").
    private static ObjectNode user(String usernameKey, String name) {
        return MAPPER.createObjectNode().put("fullname", name).put(usernameKey, name).put("type", "user");
    }

    static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    static String timestamp(LocalDate day) {
        return TIMESTAMP.format(day.atStartOfDay(ZoneOffset.UTC));
    }

    static byte[] bytes(Object node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
