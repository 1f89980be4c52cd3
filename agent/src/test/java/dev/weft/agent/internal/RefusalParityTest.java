package dev.weft.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weft.agent.testing.ClassFiles;
import dev.weft.annotation.SessionScoped;
import dev.weft.session.internal.SessionField;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent refuses a session field when it weaves the field's class; the runtime refuses the same
 * field when code resolves it through the bridge without the agent. Both must refuse the same
 * fields, in the same words.
 */
class RefusalParityTest {

    /** What the agent's planning refuses in the class file, one message per field. */
    private static List<String> agentRefusals(String name) {
        return new SessionFields(new ClassInfos()).plan(RefusalParityTest.class.getClassLoader(), ClassFiles.of(name),
                false).refusals();
    }

    /** What the runtime refuses when each session field of the class is resolved. */
    private static List<String> runtimeRefusals(String name) throws ClassNotFoundException {
        Class<?> type = Class.forName(name, false, RefusalParityTest.class.getClassLoader()); // never initialized
        List<String> refusals = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            if (field.isAnnotationPresent(SessionScoped.class)) {
                try {
                    SessionField.of(type, field.getName());
                } catch (IllegalArgumentException refused) {
                    refusals.add(refused.getMessage());
                }
            }
        }
        return refusals;
    }

    @ParameterizedTest
    @ValueSource(strings = {"refused.ObjectField", "refused.NumberField", "refused.InterfaceField",
            "refused.AbstractField", "refused.TypeVariableField", "refused.FinalField", "refused.ThreadField",
            "refused.StreamField", "refused.LambdaField"})
    void theAgentAndTheRuntimeRefuseTheSameFieldsInTheSameWords(String fixture) throws Exception {
        String name = "dev.weft.fixture." + fixture;
        List<String> agent = agentRefusals(name);
        assertFalse(agent.isEmpty(), name);
        assertEquals(agent.stream().sorted().toList(), runtimeRefusals(name).stream().sorted().toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop.DecodableFields", "shop.Cart", "shop.Primitives"})
    void neitherRefusesAFieldTheCodecCanDecode(String fixture) throws Exception {
        String name = "dev.weft.fixture." + fixture;
        assertEquals(List.of(), agentRefusals(name));
        assertEquals(List.of(), runtimeRefusals(name));
    }
}
