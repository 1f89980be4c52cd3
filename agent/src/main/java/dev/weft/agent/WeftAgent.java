package dev.weft.agent;

import dev.weft.agent.internal.AgentOptions;
import dev.weft.agent.internal.Weaver;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The Weft java agent: makes every read and write of a {@code @SessionScoped} field a read or
 * write of the current session's value.
 *
 * <pre>
 * java -javaagent:weft-agent.jar[=options] -cp app.jar:weft-runtime.jar:... com.acme.Main
 * </pre>
 *
 * <p>Options, separated by {@code ,} (none needs quoting in a shell):
 * <ul>
 *   <li>{@code include=<packages>}: weave only classes in these packages (and subpackages),
 *       separated by {@code :}, as in {@code include=com.acme:org.foo}. Default: every class.
 *   <li>{@code exclude=<packages>}: never weave classes in these packages.
 *   <li>{@code verbose}: log each woven class and its session fields to {@code System.err}.
 * </ul>
 * JDK, Hazelcast, Byte Buddy, Jackson and Weft classes are never woven. Under {@code -javaagent}
 * a malformed option is one line on {@code System.err} that starts with {@code weft-agent: } and
 * names it, and the JVM then exits with status 2. Attached ({@link #agentmain}), a malformed option
 * is an {@link IllegalArgumentException} with the same message, which the JVM prints on {@code
 * System.err} with its stack trace, and the program keeps running without the agent. Errors while
 * weaving are always reported on {@code System.err} with the class name.
 *
 * <p>Fail closed: a class never runs with plain fields where it uses session fields. A class that
 * declares a {@code @SessionScoped} field which can never be a session value (a {@code final}
 * field, a live resource such as a {@code Thread} or stream, a lambda type, {@code Object} or
 * another type a stored value cannot be decoded back into), and a class that uses or may use a
 * session field but cannot be woven (its class file is beyond the agent, a field it uses is
 * named through a class its loader has no class file for, the options leave it unwoven, its class
 * loader has no matching {@code weft-runtime}), fails to initialize with an
 * {@link IllegalStateException} naming the class, the field and the reason.
 *
 * <p>The agent installs once per JVM; later calls of {@link #premain}, {@link #agentmain} or
 * {@link #install()} do nothing. Once installed, it sets the system property {@value
 * #VERSION_PROPERTY} to its version, by which the runtime knows that session fields are woven.
 */
public final class WeftAgent {

    /**
     * The system property the agent sets, when it installs, to its version (the release of
     * {@code weft-agent}, as in the jar manifest's {@code Implementation-Version}); absent while no
     * agent is installed.
     */
    public static final String VERSION_PROPERTY = "weft.agent.version";

    private static boolean installed;

    private WeftAgent() {
    }

    /**
     * Entry point for {@code -javaagent}. A malformed option is reported on {@code System.err} in
     * one line (starting {@code weft-agent: }, naming the option and what is expected), and the JVM
     * exits with status 2 before the application starts: an exception thrown here would make the
     * JVM abort with a native crash report that buries the message.
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(arguments);
        } catch (IllegalArgumentException malformed) {
            System.err.println(malformed.getMessage());
            System.exit(2);
            return;
        }
        install(options, instrumentation, false); // nothing of the application is loaded yet
    }

    /**
     * Entry point for attaching to a running JVM; classes already loaded that use session fields
     * are retransformed.
     *
     * @throws IllegalArgumentException if {@code arguments} holds a malformed option; its message is
     *     the line {@link #premain} would print. The program keeps running, without the agent.
     */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        install(AgentOptions.parse(arguments), instrumentation, true);
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
        install(AgentOptions.defaults(), ByteBuddyAgent.install(), true);
    }

    private static synchronized void install(AgentOptions options, Instrumentation instrumentation,
            boolean retransformLoadedClasses) {
        if (installed) {
            return;
        }
        Weaver weaver = new Weaver(options, System.err);
        weaver.registerOn(instrumentation);
        installed = true;
        System.setProperty(VERSION_PROPERTY, version());
        if (retransformLoadedClasses) {
            weaver.retransformLoadedClasses(instrumentation);
        }
    }

    /** The agent's version, from the resource the build writes it into. */
    private static String version() {
        try (InputStream in = WeftAgent.class.getResourceAsStream("weft-agent.version")) {
            if (in != null) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
        } catch (IOException e) {
            // the jar cannot be read: the version is unknown, the agent installed all the same
        }
        return "unknown";
    }
}
