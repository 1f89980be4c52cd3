package dev.weft.test.archfixture;

import dev.weft.session.internal.SessionContext;
import tools.jackson.databind.json.JsonMapper;

/** Breaks the module's rules on purpose, so that a test sees them catch it. */
public final class ReachesIntoTheRuntime {

    private ReachesIntoTheRuntime() {
    }

    /** Uses an internal runtime type. */
    public static boolean bound() {
        return SessionContext.current() != null;
    }

    /** Uses a library the runtime uses, which is none of the extension's business. */
    public static JsonMapper mapper() {
        return JsonMapper.builder().build();
    }
}
