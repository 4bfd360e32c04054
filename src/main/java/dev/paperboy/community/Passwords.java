package dev.paperboy.community;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashing with OWASP's recommended parameters: 19 MiB of memory, 2 passes, 1 lane, a 16-byte
 * random salt, a 32-byte hash. Hashes are stored as PHC strings, which carry their own parameters, so raising
 * these later still verifies older hashes.
 */
public final class Passwords {
    public static final int MEMORY_KIB = 19_456;
    public static final int ITERATIONS = 2;
    public static final int PARALLELISM = 1;
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;

    private static final Argon2Function ARGON2ID =
            Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, 32, Argon2.ID, 19);

    /** Verifying against this when an address is unknown makes a failed login take as long either way. */
    private final String decoy = hash("not a real password, only here to spend the time");

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    public boolean matches(String password, String storedHash) {
        if (password == null || storedHash == null) {
            return false;
        }
        return Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash));
    }

    /** Spends the time of a real check, for an account that does not exist. */
    public void decoyCheck(String password) {
        matches(password == null ? "" : password, decoy);
    }

    /** @throws InvalidInputException when the password is too short or too long */
    public static void checkStrength(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new InvalidInputException("Choose a password of at least " + MIN_LENGTH + " characters.");
        }
        if (password.length() > MAX_LENGTH) {
            throw new InvalidInputException("Passwords can be at most " + MAX_LENGTH + " characters long.");
        }
    }
}
