package dev.weft.agent;

import dev.weft.agent.internal.AgentOptions;
import dev.weft.agent.internal.Weaver;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The Weft java agent: makes every read and write of a {@code @SessionScoped} field a read or
 * write of the current session's value.
 *
 * <pre>
 * java -javaagent:weft-agent.jar[=options] -cp app.jar:weft-runtime.jar:... com.acme.Main
 * </pre>
 *
 * <p>Options, separated by {@code ;} or {@code ,}:
 * <ul>
 *   <li>{@code include=<package>}: weave only classes in these packages (and subpackages); repeat
 *       it or list more packages after it: {@code include=com.acme,org.foo}. Default: every class.
 *   <li>{@code exclude=<package>}: never weave classes in these packages.
 *   <li>{@code verbose}: log each woven class and its session fields to {@code System.err}.
 * </ul>
 * JDK, Hazelcast, Byte Buddy, Jackson and Weft classes are never woven. A malformed option stops
 * the JVM's start with an {@link IllegalArgumentException} that names it. Errors while weaving are
 * always reported on {@code System.err} with the class name.
 *
 * <p>A class that declares a {@code @SessionScoped} field which can never be a session value (a
 * {@code final} field, a live resource such as a {@code Thread} or stream, a lambda type) fails to
 * initialize with an {@link IllegalStateException} naming the field and the reason.
 *
 * <p>The agent installs once per JVM; later calls of {@link #premain}, {@link #agentmain} or
 * {@link #install()} do nothing.
 */
public final class WeftAgent {

    private static boolean installed;

    private WeftAgent() {
    }

    /**
     * Entry point for {@code -javaagent}.
     *
     * @throws IllegalArgumentException if {@code arguments} holds a malformed option
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        install(arguments, instrumentation, false); // nothing of the application is loaded yet
    }

    /**
     * Entry point for attaching to a running JVM; classes already loaded that use session fields
     * are retransformed.
     *
     * @throws IllegalArgumentException if {@code arguments} holds a malformed option
     */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        install(arguments, instrumentation, true);
    }

    /**
     * Attaches the agent to this JVM, with the default options, and retransforms the classes already
     * loaded that use session fields. For tests and programs that start the agent themselves; on
     * Java 21 and later the JVM should run with {@code -XX:+EnableDynamicAgentLoading}.
     *
     * @throws IllegalStateException if this JVM does not allow attaching an agent
     */
    public static void install() {
        synchronized (WeftAgent.class) {
            if (installed) {
                return;
            }
        }
        install(null, ByteBuddyAgent.install(), true);
    }

    private static synchronized void install(String arguments, Instrumentation instrumentation,
            boolean retransformLoadedClasses) {
        AgentOptions options = AgentOptions.parse(arguments);
        if (installed) {
            return;
        }
        Weaver weaver = new Weaver(options, System.err);
        weaver.registerOn(instrumentation);
        installed = true;
        if (retransformLoadedClasses) {
            weaver.retransformLoadedClasses(instrumentation);
        }
    }
}
