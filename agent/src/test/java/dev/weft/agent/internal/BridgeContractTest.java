package dev.weft.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.weft.annotation.SessionScoped;
import dev.weft.session.internal.SessionBridge;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.Test;

/** The agent hard-codes the bridge's names and descriptors; they must match the runtime's bridge. */
class BridgeContractTest {

    @Test
    void namesAndDescriptorsMatchTheRuntime() {
        assertEquals(SessionBridge.INTERNAL_NAME, Bridge.INTERNAL_NAME);
        assertEquals(Type.getInternalName(SessionBridge.class), Bridge.INTERNAL_NAME);
        assertEquals(SessionBridge.FIELD_DESCRIPTOR, Bridge.FIELD_DESCRIPTOR);
        assertEquals(SessionBridge.CONSTANT_BOOTSTRAP_DESCRIPTOR, Bridge.CONSTANT_BOOTSTRAP_DESCRIPTOR);
        assertEquals(SessionBridge.FIELD_LOOKUP_DESCRIPTOR, Bridge.FIELD_LOOKUP_DESCRIPTOR);
        assertEquals(Type.getDescriptor(SessionScoped.class), Bridge.SESSION_SCOPED_DESCRIPTOR);
        assertEquals(SessionScoped.class.getName(), Bridge.SESSION_SCOPED_NAME);
    }

    @Test
    void everyMethodTheWovenCodeCallsExists() throws Exception {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        ClassLoader loader = getClass().getClassLoader();
        assertNotNull(lookup.findStatic(SessionBridge.class, Bridge.FIELD_METHOD,
                MethodType.fromMethodDescriptorString(Bridge.CONSTANT_BOOTSTRAP_DESCRIPTOR, loader)));
        assertNotNull(lookup.findStatic(SessionBridge.class, Bridge.FIELD_METHOD,
                MethodType.fromMethodDescriptorString(Bridge.FIELD_LOOKUP_DESCRIPTOR, loader)));
        for (String descriptor : List.of("Z", "B", "C", "S", "I", "J", "F", "D", "Ljava/lang/String;", "[I")) {
            String kind = Bridge.kind(descriptor);
            assertNotNull(lookup.findStatic(SessionBridge.class, "get" + kind,
                    MethodType.fromMethodDescriptorString(Bridge.getterDescriptor(descriptor), loader)));
            assertNotNull(lookup.findStatic(SessionBridge.class, "set" + kind,
                    MethodType.fromMethodDescriptorString(Bridge.setterDescriptor(descriptor), loader)));
        }
    }

    @Test
    void theRefusedTypesMatchTheRuntimeList() throws Exception {
        // SessionField.REFUSED_TYPES is private; its javadoc list and the agent's must agree.
        assertEquals(13, SessionFields.RESOURCE_TYPES.size());
        for (String name : SessionFields.RESOURCE_TYPES) {
            assertNotNull(Class.forName(name), name);
        }
    }
}
