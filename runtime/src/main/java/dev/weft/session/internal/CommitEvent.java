package dev.weft.session.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A session scope's commit, for Java Flight Recorder: what it asked of the store and how many
 * keys it wrote. Recorded only when it took at least the threshold (1 ms unless a recording's
 * settings say otherwise). Carries no key and no value.
 */
@Name("dev.weft.Commit")
@Label("Session Commit")
@Category({"Weft", "Sessions"})
@Description("A session scope's commit")
@Threshold("1 ms")
@StackTrace(false)
final class CommitEvent extends jdk.jfr.Event {

    @Label("Plan")
    @Description("nothing, save, delta, renew or purge")
    String plan;

    @Label("Written keys")
    int written;

    @Label("Outcome")
    String outcome;
}
