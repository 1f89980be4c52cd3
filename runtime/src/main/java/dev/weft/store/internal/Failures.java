package dev.weft.store.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What a failed stage or future failed with. */
public final class Failures {

    private Failures() {
    }

    /** Returns the failure a {@link CompletionException} or {@link ExecutionException} wraps. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
