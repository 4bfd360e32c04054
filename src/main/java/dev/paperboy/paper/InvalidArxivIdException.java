package dev.paperboy.paper;

/** Text that is not an arXiv id in any form {@link ArxivId#parse} accepts. */
public final class InvalidArxivIdException extends IllegalArgumentException {
    private static final int SHOWN_CHARS = 60;

    private final String input;

    public InvalidArxivIdException(String input) {
        super("not an arXiv id: " + shown(input)
                + "; expected an arXiv id like 2402.11215, 2402.11215v2, arXiv:2402.11215 or hep-th/9901001");
        this.input = input;
    }

    /** The rejected text, untruncated; null when null was passed. */
    public String input() {
        return input;
    }

    private static String shown(String input) {
        if (input == null) {
            return "null";
        }
        return input.length() <= SHOWN_CHARS ? '"' + input + '"' : '"' + input.substring(0, SHOWN_CHARS) + "…\"";
    }
}
