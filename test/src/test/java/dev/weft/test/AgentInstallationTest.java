package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.session.Session;
import dev.weft.session.Sessions;
import dev.weft.test.AgentInstallation.DynamicLoading;
import example.shop.Cart;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * When the extension installs the agent, and what it says when it cannot. The build runs this class
 * once more on Java 25 without {@code -XX:+EnableDynamicAgentLoading}, telling it so with the system
 * property {@code weft.test.expect=refusal}.
 */
class AgentInstallationTest {

    @Test
    void java17InstallsWithoutTheFlag() {
        assertNull(AgentInstallation.refusal(17, new DynamicLoading(true, false)));
        assertNull(AgentInstallation.refusal(17, new DynamicLoading(true, true)));
    }

    @Test
    void java21AndLaterWantTheFlagGiven() {
        String refusal = AgentInstallation.refusal(21, new DynamicLoading(true, false));
        assertEquals("WeftExtension installs the Weft agent into the running test JVM, but Java 21 does that only with"
                + " a warning, and later releases refuse, unless the JVM is started with -XX:+EnableDynamicAgentLoading."
                + " Add -XX:+EnableDynamicAgentLoading to the test JVM's options (Maven Surefire:"
                + " <argLine>-XX:+EnableDynamicAgentLoading</argLine>; Gradle: test { jvmArgs"
                + " '-XX:+EnableDynamicAgentLoading' }), or start it with -javaagent:weft-agent.jar; tests that use only"
                + " the Session API can say so with WeftExtension.builder().withoutAgent()", refusal);
        assertNull(AgentInstallation.refusal(25, new DynamicLoading(true, true)));
    }

    @Test
    void aJvmThatForbidsDynamicAgentsIsNamed() {
        assertTrue(AgentInstallation.refusal(17, new DynamicLoading(false, true))
                .contains("this JVM was started with -XX:-EnableDynamicAgentLoading, which forbids it"));
    }

    @Test
    void aJvmWhoseFlagCannotBeReadIsTriedAnyway() {
        assertNull(AgentInstallation.refusal(25, null));
    }

    /** In this JVM: the extension installs the agent, or every test of the class fails naming the flag. */
    @Test
    void inThisJvmTheExtensionInstallsTheAgentOrNamesTheFlag() {
        EngineExecutionResults results = WeftExtensionLifecycleTest.run(UsesASessionField.class);
        if ("refusal".equals(System.getProperty("weft.test.expect"))) {
            assertNotNull(AgentInstallation.refusal(Runtime.version().feature(), AgentInstallation.dynamicLoading()));
            Throwable refused = WeftExtensionLifecycleTest.failure(results.containerEvents());
            assertInstanceOf(IllegalStateException.class, refused);
            assertTrue(refused.getMessage().contains("unless the JVM is started with -XX:+EnableDynamicAgentLoading"),
                    refused.getMessage());
            results.testEvents().assertStatistics(stats -> stats.started(0));
            assertNull(System.getProperty(Sessions.AGENT_PROPERTY), "nothing was attached");
        } else {
            results.testEvents().assertStatistics(stats -> stats.succeeded(1));
            assertNotNull(System.getProperty(Sessions.AGENT_PROPERTY));
        }
    }

    @Fixture
    @ExtendWith(WeftExtension.class)
    static class UsesASessionField {
        @Test
        @WithSession
        void theFieldIsTheSessions() {
            Cart cart = new Cart();
            cart.add("apple");
            assertEquals(List.of("apple"), cart.items());
            assertEquals("[\"apple\"]", Session.current().entries().get(StoredSessions.stateKey(Cart.class, "items")),
                    "woven: the field's value is the session's");
        }
    }
}
