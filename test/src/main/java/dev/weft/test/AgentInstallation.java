package dev.weft.test;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import dev.weft.agent.WeftAgent;
import dev.weft.session.Sessions;
import java.lang.management.ManagementFactory;

/**
 * Installs the Weft agent into the test JVM, once, or says exactly why it cannot. Java 21 and
 * later load an agent into a running JVM only with a warning (and later releases refuse) unless
 * the JVM was started with {@value #FLAG}; rather than a warning on the console and a failure
 * with the next Java, the extension asks for the flag at once.
 */
final class AgentInstallation {

    /** The JVM option that lets an agent be loaded into a running JVM without a warning. */
    static final String FLAG = "-XX:+EnableDynamicAgentLoading";

    private AgentInstallation() {
    }

    /** How the JVM was started as to dynamic agent loading. */
    record DynamicLoading(boolean enabled, boolean given) {
    }

    /**
     * Installs the agent unless it is installed (by {@code -javaagent} or an earlier install).
     *
     * @throws IllegalStateException naming the flag or the reason if it cannot be installed
     */
    static void ensureInstalled() {
        if (System.getProperty(Sessions.AGENT_PROPERTY) != null) {
            return;
        }
        String refusal = refusal(Runtime.version().feature(), dynamicLoading());
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
        try {
            WeftAgent.install();
        } catch (RuntimeException e) {
            throw new IllegalStateException("WeftExtension could not install the Weft agent into this test JVM (" + e
                    + "). Start the test JVM with " + FLAG + ", or with -javaagent:weft-agent.jar; tests that use"
                    + " only the Session API can say so with WeftExtension.builder().withoutAgent()", e);
        }
    }

    /**
     * Why the agent cannot be installed, or null if it can.
     *
     * @param javaFeature the Java feature release (17, 21, 25, ...)
     * @param loading the JVM's flag, or null if it cannot be read (not a HotSpot JVM)
     */
    static String refusal(int javaFeature, DynamicLoading loading) {
        String because;
        if (loading != null && !loading.enabled()) {
            because = "this JVM was started with -XX:-EnableDynamicAgentLoading, which forbids it";
        } else if (javaFeature >= 21 && loading != null && !loading.given()) {
            because = "Java " + javaFeature + " does that only with a warning, and later releases refuse, unless the"
                    + " JVM is started with " + FLAG;
        } else {
            return null;
        }
        return "WeftExtension installs the Weft agent into the running test JVM, but " + because + ". Add " + FLAG
                + " to the test JVM's options (Maven Surefire: <argLine>" + FLAG + "</argLine>; Gradle: test {"
                + " jvmArgs '" + FLAG + "' }), or start it with -javaagent:weft-agent.jar; tests that use only the"
                + " Session API can say so with WeftExtension.builder().withoutAgent()";
    }

    /** The JVM's EnableDynamicAgentLoading flag, or null if it cannot be read. */
    static DynamicLoading dynamicLoading() {
        try {
            VMOption option = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("EnableDynamicAgentLoading");
            VMOption.Origin origin = option.getOrigin();
            return new DynamicLoading(Boolean.parseBoolean(option.getValue()),
                    origin != VMOption.Origin.DEFAULT && origin != VMOption.Origin.ERGONOMIC);
        } catch (RuntimeException | LinkageError unknown) {
            return null; // not HotSpot, or no such flag: installing tells
        }
    }
}
