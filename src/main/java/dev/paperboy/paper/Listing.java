package dev.paperboy.paper;

/**
 * A paper as readers see it: its metadata with the community's numbers and its feed placement (null when it has
 * never been in the feed).
 */
public record Listing(Paper paper, int upvotes, int numComments, FeedPlacement placement) {

    public boolean hasCode() {
        return paper.githubRepo() != null || !paper.codeLinks().isEmpty();
    }
}
