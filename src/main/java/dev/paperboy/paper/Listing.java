package dev.paperboy.paper;

/**
 * A paper as readers see it: its metadata with the community's numbers, its feed placement (null when it has
 * never been in the feed), and its keywords and one-line summary.
 */
public record Listing(Paper paper, int upvotes, int numComments, FeedPlacement placement, Notes notes) {

    public Listing {
        notes = notes == null ? Notes.NONE : notes;
    }

    public Listing(Paper paper, int upvotes, int numComments, FeedPlacement placement) {
        this(paper, upvotes, numComments, placement, Notes.NONE);
    }

    public boolean hasCode() {
        return paper.githubRepo() != null || !paper.codeLinks().isEmpty();
    }
}
