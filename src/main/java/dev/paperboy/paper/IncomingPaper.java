package dev.paperboy.paper;

/**
 * One record from an upstream source, ready to upsert.
 *
 * @param upvotes upvotes counted by the source, or -1 when the source does not count any
 * @param placement the feed placement the source gives it, or null
 */
public record IncomingPaper(Paper paper, int upvotes, FeedPlacement placement) {}
