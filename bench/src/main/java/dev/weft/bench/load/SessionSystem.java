package dev.weft.bench.load;

/** One way of keeping sessions, driven with the same requests as the others. */
interface SessionSystem {

    /** Short name, as given on the command line. */
    String name();

    /** What exactly runs, for the report. */
    String description();

    /** Stores {@code sessions} sessions of three 100-byte values each. */
    void populate(int sessions) throws Exception;

    /**
     * One request on session number {@code session}: open, read the three values, write one if
     * {@code write} (always to a value it does not have), close. Returns something computed from the values read, so nothing is skipped.
     *
     * @throws IllegalStateException if the session was not found or moved
     */
    int request(int session, boolean write);
}
