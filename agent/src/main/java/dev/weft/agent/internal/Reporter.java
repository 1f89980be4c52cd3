package dev.weft.agent.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * Everything the agent tells the user, on one stream ({@code System.err}): every class it refused
 * or could not weave, with its name and the cause, every refused session field, and, when verbose,
 * every woven class with its session fields. An agent that fails silently leaves plain fields where
 * the user expects session values, so errors are always reported.
 */
final class Reporter {

    private static final String PREFIX = "[weft] ";

    private final PrintStream out;
    private final boolean verbose;

    Reporter(PrintStream out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    /**
     * A class already loaded could not be checked or retransformed, so its own accesses of session
     * fields stay as they are (a loaded class cannot be refused).
     */
    void failed(String typeName, Throwable throwable) {
        synchronized (out) {
            out.println(PREFIX + "ERROR: could not weave " + typeName + " (already loaded, so it cannot be refused; its"
                    + " own session field accesses stay as they are): " + throwable);
            throwable.printStackTrace(out);
        }
    }

    /**
     * A class may not run: it declares session fields that can never be session values, or it uses
     * session fields and cannot be woven.
     */
    void refused(String typeName, boolean loaded, List<String> reasons) {
        out.println(PREFIX + "ERROR: " + String.join("; ", reasons) + (loaded
                ? " (" + typeName + " was already loaded, so it cannot be refused; its own session field"
                        + " accesses stay as they are)"
                : " (" + typeName + " will fail to initialize)"));
    }

    /** The stack trace of what made the last reported class fail, for a bug report. */
    void cause(Throwable cause) {
        synchronized (out) {
            cause.printStackTrace(out);
        }
    }

    /** A class whose constant pool cannot be read and that does not name {@code @SessionScoped}. */
    void unreadable(String typeName, Throwable cause) {
        out.println(PREFIX + "WARNING: cannot read the class file of " + typeName + " (" + cause + "); it does not"
                + " name @SessionScoped, but if it uses another class's session field, that access stays plain");
    }

    /** A class was woven; logged when verbose. */
    void woven(String typeName, boolean loaded, Set<String> fields) {
        if (verbose) {
            out.println(PREFIX + (loaded ? "rewove " : "wove ") + typeName + ": "
                    + (fields.isEmpty() ? "(no access outside its own initializers)" : String.join(", ", fields)));
        }
    }

    /** The agent is installed; logged when verbose. */
    void installed(AgentOptions options) {
        if (verbose) {
            out.println(PREFIX + "agent installed (" + options + ")");
        }
    }
}
