package dev.weft.demo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Without the agent every user would share one cart and one sign-in: the shop refuses to start. */
class ShopWithoutAgentIT {

    @Test
    void theShopStartedWithoutTheAgentRefusesToStartAndSaysHowToAttachIt() throws Exception {
        ShopNode node = ShopNode.launchWithoutAgent(18090, 5705);
        try {
            assertEquals(2, node.awaitExit(Duration.ofSeconds(60)), node.log());
            String log = node.log();
            assertTrue(log.contains("weft-demo: the Weft agent is not installed in this JVM"), log);
            assertTrue(log.contains("-javaagent:weft-agent.jar") && log.contains("WeftAgent.install()"), log);
        } finally {
            node.kill();
        }
    }
}
