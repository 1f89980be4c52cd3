package dev.weft.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.annotation.SessionScoped;
import dev.weft.session.internal.SessionBridge;
import dev.weft.session.internal.SessionField;
import dev.weft.session.internal.ValueCodec;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.Test;

/** The agent hard-codes the bridge's names and descriptors; they must match the runtime's bridge. */
class BridgeContractTest {

    @Test
    void theAgentWeavesForThisRuntimesBridgeVersion() {
        assertEquals(SessionBridge.VERSION, Bridge.VERSION);
        assertEquals(1, Bridge.VERSION);
    }

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
    void theRefusedTypesAreTheRuntimes() throws Exception {
        // The runtime refuses the same types when it resolves a field; its list is private.
        java.lang.reflect.Field refused = SessionField.class.getDeclaredField("REFUSED_TYPES");
        refused.setAccessible(true);
        Set<String> runtime = ((List<?>) refused.get(null)).stream().map(type -> ((Class<?>) type).getName())
                .collect(Collectors.toSet());
        assertEquals(runtime, SessionFields.RESOURCE_TYPES);
    }

    @Test
    void theDecodableAbstractTypesAreTheRuntimes() throws Exception {
        java.lang.reflect.Field decodable = SessionField.class.getDeclaredField("DECODABLE_ABSTRACT_TYPES");
        decodable.setAccessible(true);
        assertEquals(decodable.get(null), SessionFields.DECODABLE_ABSTRACT_TYPES);
    }

    /** JSON of a value of each abstract JDK value type that the codec reads as text. */
    private static final java.util.Map<String, String> VALUE_TYPES = java.util.Map.of("java.time.ZoneId",
            "\"Europe/Paris\"", "java.util.TimeZone", "\"Europe/Paris\"", "java.nio.charset.Charset", "\"UTF-8\"",
            "java.nio.file.Path", "\"file:///tmp/x\"");

    /** Each abstract type a session field may have is one the codec makes a value of (those of this JDK). */
    @Test
    void theCodecMakesAValueOfEveryDecodableAbstractType() {
        int checked = 0;
        for (String name : SessionFields.DECODABLE_ABSTRACT_TYPES) {
            Class<?> type;
            try {
                type = Class.forName(name);
            } catch (ClassNotFoundException newerJava) {
                continue; // the Sequenced* interfaces of Java 21
            }
            String text = java.util.Map.class.isAssignableFrom(type) ? "{\"a\":1}"
                    : VALUE_TYPES.getOrDefault(name, "[\"a\"]");
            Object value = ValueCodec.DEFAULT.decode("key", text, ValueCodec.DEFAULT.type(type));
            assertTrue(type.isInstance(value), name + ": " + value.getClass());
            if (VALUE_TYPES.containsKey(name)) {
                assertEquals(value, ValueCodec.DEFAULT.decode("key", ValueCodec.DEFAULT.encode("key", value),
                        ValueCodec.DEFAULT.type(type)), name + " round-trips");
            }
            checked++;
        }
        assertTrue(checked >= 20, "checked " + checked);
    }
}
