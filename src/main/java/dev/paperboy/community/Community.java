package dev.paperboy.community;

/**
 * Everything members do, built once by the composition root and handed to the web layer as one piece.
 *
 * @param limits attempts allowed per IP address and per account for the actions that attract abuse
 */
public record Community(Accounts accounts, Sessions sessions, ApiTokens tokens, Votes votes, Library library,
        Comments comments, Submissions submissions, Secrets secrets, Limits limits, int submitMaxAgeDays) {

    /**
     * @param loginThrottle growing delays per (client address, account) after wrong passwords
     * @param comment comment writes (new ones and edits) per member
     */
    public record Limits(RateLimiter login, RateLimiter signup, RateLimiter reset, RateLimiter submit,
            LoginThrottle loginThrottle, RateLimiter comment) {}
}
