package dev.weft.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test method inside a session scope: {@link WeftExtension} opens a scope for a new session
 * on the test's thread just before the method (after {@code @BeforeEach} methods) and ends it just
 * after (before {@code @AfterEach} methods), so session fields and {@code Session.current()} work
 * in the method's body. On a class, it applies to every test method of the class, its subclasses
 * and its {@code @Nested} classes.
 *
 * <pre>{@code
 * @Test
 * @WithSession
 * void addingAnItemShowsInTheCart() {
 *     cart.add("apple");
 *     assertEquals(List.of("apple"), cart.items());
 * }
 * }</pre>
 *
 * <p>The scope ends as a request's would: if the method returned normally, the scope is committed
 * (unless {@link #commit()} is false), so a commit that fails (a value over the store's limits,
 * a session ended meanwhile) fails the test; if the method failed, the scope is discarded. A
 * method may end the scope itself first ({@code scope.close()} on a {@code SessionScope}
 * parameter, to look at what was stored); the extension then does nothing more.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface WithSession {

    /**
     * Whether the scope is committed when the test method returns normally (default), or
     * discarded, storing nothing.
     *
     * @return whether to commit
     */
    boolean commit() default true;
}
