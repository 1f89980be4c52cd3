package dev.weft.session.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A session store operation a scope made, for Java Flight Recorder. Recorded only when it took at
 * least the threshold (1 ms unless a recording's settings say otherwise); costs next to nothing
 * when nobody records. Carries no key and no value.
 */
@Name("dev.weft.StoreOperation")
@Label("Session Store Operation")
@Category({"Weft", "Sessions"})
@Description("A session store operation made by a session scope")
@Threshold("1 ms")
@StackTrace(false)
final class StoreOperationEvent extends jdk.jfr.Event {

    @Label("Operation")
    String operation;

    @Label("Outcome")
    String outcome;
}
