package dev.weft.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field whose value is kept per session rather than per object.
 *
 * <p>With the Weft agent attached ({@code -javaagent:weft-agent.jar}), every read and write of
 * the field, from any class, becomes a read or write of the <em>current session's</em> state
 * under this field's state key. The session's state lives in a shared store (a Hazelcast map),
 * so every member of the application's cluster sees the same value for the same session.
 *
 * <p>The value the field gets in its declaring class's constructor or static initializer is the
 * default for sessions that have no value yet; each session starts from its own copy.
 *
 * <pre>{@code
 * public final class Cart {
 *     @SessionScoped private List<String> items = new ArrayList<>();
 *     @SessionScoped("user") private String user;
 * }
 * }</pre>
 *
 * <p>Values are stored as JSON text and decoded into the field's generic type, so they must be
 * plain data (strings, numbers, enums, records, collections, {@code java.time} values), and the
 * declared type must say what to decode into. A field that can never be a session value is refused
 * when its class loads, with a message that names the field: {@code final}; a live resource such
 * as a {@link Thread} or a stream; a functional interface; {@code Object}, or an interface or
 * abstract class (such as {@link Number}) other than the collection and map interfaces of {@code
 * java.util} ({@code List}, {@code Set}, {@code Map}, ...), including a type variable whose erasure
 * is one of these.
 *
 * <p><b>Warning:</b> only the field instructions in woven code go through the session. Reflection
 * ({@link java.lang.reflect.Field#get Field.get}, {@link java.lang.reflect.Field#set Field.set}),
 * method handles ({@code MethodHandles.Lookup.findGetter}, {@code findSetter}), {@code VarHandle}s
 * and Java serialization, and every library built on them (mappers that read or write fields, for
 * example), reach the object's plain field instead, inside a session scope or not: a read returns
 * the value the object's own field holds (the value its constructor gave it, or the last such write),
 * never the current session's; a write changes that plain field, never the session's value, and so
 * changes the default a session with no value yet starts from when it reads the field through that
 * object. {@code ObjectOutputStream} writes the plain field's value, and {@code ObjectInputStream}
 * puts it back into the plain field of the copy. Read and write session fields through ordinary
 * code, or use the {@code Session} API.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface SessionScoped {

    /**
     * The state key under which the field's value is stored in the session. Empty (the default)
     * means {@code <binary name of the declaring class>.<field name>}, for example
     * {@code com.acme.Cart.items}. Give an explicit key to share a value between fields or to
     * keep stored sessions readable after a class is renamed.
     *
     * @return the state key, or empty for the default key
     */
    String value() default "";
}
