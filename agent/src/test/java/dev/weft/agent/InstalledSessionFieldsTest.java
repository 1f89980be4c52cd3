package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.fixture.attach.EarlyCounter;
import dev.weft.store.SessionKey;
import org.junit.jupiter.api.Test;

/**
 * The session field checks with the agent attached by {@link WeftAgent#install()}, after a class
 * with a session field was loaded and used: the install retransforms it. The only test in this
 * module that installs the agent into the test JVM (weaving twice changes nothing, so tests that
 * run after it are unaffected).
 */
class InstalledSessionFieldsTest extends SessionFieldChecks {

    private EarlyCounter early;

    @Override
    int firstPort() {
        return 5721;
    }

    @Override
    void beforeSessions() {
        early = new EarlyCounter();
        assertEquals(101, early.increment(), "a plain field before the agent is installed");
        assertNull(System.getProperty("weft.agent.version"), "no agent yet");
        WeftAgent.install();
        WeftAgent.install(); // once per JVM: the second call does nothing
    }

    @Test
    void installSetsTheVersionProperty() {
        String version = System.getProperty("weft.project.version");
        assertNotNull(version, "the build passes its version as weft.project.version");
        assertEquals(version, System.getProperty("weft.agent.version"));
    }

    @Test
    void aClassLoadedBeforeTheInstallIsRetransformed() {
        assertNoSession("dev.weft.fixture.attach.EarlyCounter.count", early::increment);
        SessionKey key = inNewSession(() -> assertEquals(102, early.increment(), "default: the plain field's 101"));
        assertEquals(103, inSession(key, early::increment));
        assertEquals(101, inSession(inNewSession(() -> new EarlyCounter().increment()),
                () -> new EarlyCounter().increment()) - 1);
    }
}
