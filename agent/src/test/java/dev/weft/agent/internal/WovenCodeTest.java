package dev.weft.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.agent.testing.ClassFiles;
import dev.weft.agent.testing.WovenClassLoader;
import dev.weft.session.NoActiveSessionException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Woven fixtures loaded and run (so the JVM verifies every rewritten method) against the real
 * bridge, outside any session scope: every woven access must reach the bridge, which refuses it.
 */
class WovenCodeTest {

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final WovenClassLoader loader = new WovenClassLoader(
            new Weaver(AgentOptions.defaults(), new PrintStream(log, true, StandardCharsets.UTF_8)).transformer());

    private Class<?> load(String name) throws ClassNotFoundException {
        return Class.forName(name, true, loader);
    }

    private static Object call(Object target, String method, Object... arguments) throws Throwable {
        Class<?> type = target instanceof Class<?> c ? c : target.getClass();
        Method found = Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(method)
                && m.getParameterCount() == arguments.length).findFirst().orElseThrow();
        try {
            return found.invoke(target instanceof Class<?> ? null : target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void assertNoSession(String field, Executable access) {
        NoActiveSessionException e = assertThrows(NoActiveSessionException.class, access);
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void theDeclaringClassConstructorAndStaticInitializerUsePlainFields() throws Throwable {
        Class<?> cart = load("dev.weft.fixture.shop.Cart");
        Object instance = cart.getConstructor().newInstance(); // would throw if the constructor were woven
        assertNoSession("dev.weft.fixture.shop.Cart.visits", () -> call(instance, "visit"));
        java.lang.reflect.Field visits = cart.getDeclaredField("visits");
        visits.setAccessible(true);
        assertEquals(10, visits.getInt(instance), "the constructor set the plain field: the default");
    }

    @Test
    void everyAccessKindReachesTheBridge() throws Throwable {
        Class<?> cartType = load("dev.weft.fixture.shop.Cart");
        Object cart = cartType.getConstructor().newInstance();
        String cartField = "dev.weft.fixture.shop.Cart.";
        assertNoSession(cartField + "items", () -> call(cart, "add", "apple"));
        assertNoSession(cartField + "items", () -> call(cart, "replaceItems", java.util.List.of()));
        assertNoSession(cartField + "points", () -> call(cart, "addTwoPoints"));
        assertNoSession(cartField + "lastOrder", () -> call(cartType, "order", "pie"));
        assertNoSession(cartField + "orders", () -> call(cartType, "orders"));
        assertNoSession(cartField + "visits", () -> ((Runnable) call(cart, "visitLater")).run());
        Object line = load("dev.weft.fixture.shop.Cart$Line").getConstructor(cartType).newInstance(cart);
        assertNoSession(cartField + "items", () -> call(line, "addTwice", "pear"));
        assertNoSession(cartField + "orders", () -> call(load("dev.weft.fixture.shop.Cart$Orders"), "reset"));

        Object special = load("dev.weft.fixture.special.SpecialCart").getConstructor().newInstance();
        assertNoSession(cartField + "points", () -> call(special, "bonus"));
        Class<?> auditor = load("dev.weft.fixture.other.Auditor");
        assertNoSession(cartField + "note", () -> call(auditor, "noteOf", cart));
        assertNoSession(cartField + "lastOrder", () -> call(auditor, "lastOrderThroughSubclass"));
        assertNoSession(cartField + "note", () -> call(auditor, "annotateThroughSubclass", special, "n"));
        Class<?> receipt = load("dev.weft.fixture.other.Receipt");
        assertNoSession(cartField + "lastOrder", () -> {
            try {
                receipt.getConstructor(cartType).newInstance(cart);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Test
    void everyPrimitiveTypeReachesTheBridge() throws Throwable {
        Class<?> type = load("dev.weft.fixture.shop.Primitives");
        Object primitives = type.getConstructor().newInstance();
        assertNoSession("dev.weft.fixture.shop.Primitives.flag", () -> call(primitives, "bump"));
        assertNoSession("dev.weft.fixture.shop.Primitives.staticFlag", () -> call(type, "bumpStatic"));
        assertNoSession("dev.weft.fixture.shop.Primitives.flag",
                () -> call(primitives, "set", true, (byte) 1, 'c', (short) 2, 3, 4L, 5f, 6d));
        assertNoSession("dev.weft.fixture.shop.Primitives.staticFlag",
                () -> call(type, "setStatic", true, (byte) 1, 'c', (short) 2, 3, 4L, 5f, 6d));
    }

    @Test
    void fieldsOfTheCollectionAndMapTypesTheCodecMakesAreNotRefused() throws Throwable {
        Class<?> type = load("dev.weft.fixture.shop.DecodableFields");
        assertEquals(20, type.getDeclaredFields().length);
        assertEquals("", log.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aJava8ClassFileIsWovenWithoutDynamicConstants() throws Throwable {
        WovenClassLoader legacy = new WovenClassLoader(new Weaver(AgentOptions.defaults(), System.err).transformer(),
                classFile -> ClassFiles.withVersion(classFile, Opcodes.V1_8));
        Class<?> counter = Class.forName("dev.weft.fixture.legacy.Counter", true, legacy);
        Object instance = counter.getConstructor().newInstance();
        assertNoSession("dev.weft.fixture.legacy.Counter.total", () -> call(instance, "increment"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ThreadField | field dev.weft.fixture.refused.ThreadField.worker cannot be @SessionScoped: its type java.lang.Thread is a live resource (java.lang.Thread)",
        "FinalField  | field dev.weft.fixture.refused.FinalField.names cannot be @SessionScoped: it is final",
        "StreamField | field dev.weft.fixture.refused.StreamField.in cannot be @SessionScoped: its type java.io.FileInputStream is a live resource (java.io.InputStream)",
        "LambdaField | field dev.weft.fixture.refused.LambdaField.callback cannot be @SessionScoped: its type java.lang.Runnable is a functional interface",
        "LambdaField | field dev.weft.fixture.refused.LambdaField.handler cannot be @SessionScoped: its type dev.weft.fixture.refused.LambdaField$Handler is a functional interface",
        "ObjectField | field dev.weft.fixture.refused.ObjectField.anything cannot be @SessionScoped: its type java.lang.Object names no class, so a stored value cannot be decoded back into the class it was written from; declare a concrete class (or a collection or map interface of java.util)",
        "NumberField | field dev.weft.fixture.refused.NumberField.amount cannot be @SessionScoped: its type java.lang.Number is an abstract class, so a stored value cannot be decoded back",
        "InterfaceField | field dev.weft.fixture.refused.InterfaceField.text cannot be @SessionScoped: its type java.lang.CharSequence is an interface, so a stored value cannot be decoded back",
        "AbstractField | field dev.weft.fixture.refused.AbstractField.shape cannot be @SessionScoped: its type dev.weft.fixture.refused.AbstractField$Shape is an abstract class, so",
        "TypeVariableField | field dev.weft.fixture.refused.TypeVariableField.value cannot be @SessionScoped: its type T (a type variable, erased to java.lang.Object) names no class, so",
        "TypeVariableField | field dev.weft.fixture.refused.TypeVariableField.amount cannot be @SessionScoped: its type N (a type variable, erased to java.lang.Number) is an abstract class, so",
    })
    void aFieldThatCannotBeASessionValueStopsItsClassFromInitializing(String fixture, String message) {
        String name = "dev.weft.fixture.refused." + fixture;
        ExceptionInInitializerError error = assertThrows(ExceptionInInitializerError.class, () -> load(name));
        IllegalStateException cause = assertInstanceOf(IllegalStateException.class, error.getCause());
        assertTrue(cause.getMessage().startsWith("Weft refuses to load " + name + ": "), cause.getMessage());
        assertTrue(cause.getMessage().contains(message), cause.getMessage());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("[weft] ERROR: " + message.substring(0, 40)),
                log.toString(StandardCharsets.UTF_8));
    }
}
