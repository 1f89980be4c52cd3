package dev.weft.agent.archfixture;

import dev.weft.session.NoActiveSessionException;

/** Breaks the agent's architecture rules on purpose, so a test can see the rules catch it. */
public final class ReachesIntoTheRuntime {

    private ReachesIntoTheRuntime() {
    }

    public static RuntimeException fail() {
        return new NoActiveSessionException("on purpose");
    }
}
