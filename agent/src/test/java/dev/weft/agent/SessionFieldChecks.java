package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.agent.testing.TestMembers;
import dev.weft.fixture.hidden.Exposed;
import dev.weft.fixture.other.Auditor;
import dev.weft.fixture.other.Peeker;
import dev.weft.fixture.other.Receipt;
import dev.weft.fixture.shop.Cart;
import dev.weft.fixture.shop.Primitives;
import dev.weft.fixture.shop.Profile;
import dev.weft.fixture.special.PremiumCart;
import dev.weft.fixture.special.SpecialCart;
import dev.weft.session.NoActiveSessionException;
import dev.weft.session.SessionScope;
import dev.weft.session.Sessions;
import dev.weft.store.SessionKey;
import dev.weft.store.hazelcast.HazelcastSessionStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * What woven fixtures must do against real sessions in a real Hazelcast member, whichever way the
 * agent was started: under {@code -javaagent} ({@link JavaagentSessionFieldsIT}) or through
 * {@link WeftAgent#install()} ({@link InstalledSessionFieldsTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SessionFieldChecks {

    private TestMembers members;
    private Sessions sessions;

    /** The first of the Hazelcast ports this test class may use. */
    abstract int firstPort();

    /**
     * Runs before the member starts and {@code Sessions} is built: where a subclass installs the
     * agent (the runtime may refuse to build {@code Sessions} without one).
     */
    void beforeSessions() {
    }

    @BeforeAll
    void startMember() {
        beforeSessions();
        members = new TestMembers(firstPort());
        sessions = sessionsOn(members.startMember());
    }

    @AfterAll
    void stopMembers() {
        members.shutdown();
    }

    private static Sessions sessionsOn(HazelcastInstance member) {
        return Sessions.builder().store(new HazelcastSessionStore(member)).ttl(Duration.ofMinutes(5)).build();
    }

    /** Runs {@code work} in a new session and returns the key its state was stored under. */
    SessionKey inNewSession(Runnable work) {
        SessionScope scope = sessions.open(null);
        try (scope) {
            work.run();
        }
        return scope.key().orElseThrow(() -> new AssertionError("the session stored nothing"));
    }

    @SuppressWarnings("try") // the scope only binds the session to this thread
    <T> T inSession(SessionKey key, Supplier<T> work) {
        try (SessionScope scope = sessions.open(key)) {
            return work.get();
        }
    }

    static void assertNoSession(String field, Executable access) {
        NoActiveSessionException e = assertThrows(NoActiveSessionException.class, access);
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void valuesWrittenInOneScopeAreReadInAnother() {
        Cart cart = new Cart();
        SessionKey key = inNewSession(() -> {
            cart.add("apple");
            cart.visit();
            cart.addPoints(7);
            Cart.order("pie");
        });
        assertEquals(List.of("apple"), inSession(key, cart::items));
        assertEquals(11, inSession(key, cart::visits));
        assertEquals(12L, inSession(key, cart::points));
        assertEquals("pie", inSession(key, Auditor::lastOrder));
        assertEquals(List.of("apple"), inSession(key, () -> new Cart().items()), "per session, not per object");
    }

    @Test
    void twoSessionsNeverSeeEachOthersValues() {
        Cart cart = new Cart();
        SessionKey alice = inNewSession(() -> {
            cart.add("alice's");
            Cart.order("alice's order");
            cart.visit();
        });
        SessionKey bob = inNewSession(() -> {
            assertEquals(List.of(), cart.items());
            assertEquals("none", Auditor.lastOrder());
            cart.add("bob's");
            Cart.order("bob's order");
        });
        assertNotEquals(alice, bob);
        assertEquals(List.of("alice's"), inSession(alice, cart::items));
        assertEquals("alice's order", inSession(alice, Auditor::lastOrder));
        assertEquals(11, inSession(alice, cart::visits));
        assertEquals(List.of("bob's"), inSession(bob, cart::items));
        assertEquals("bob's order", inSession(bob, Auditor::lastOrder));
        assertEquals(10, inSession(bob, cart::visits));
    }

    @Test
    void readsAndWritesOutsideAScopeThrow() {
        Cart cart = assertDoesNotThrow(Cart::new, "the declaring class's constructor uses plain fields");
        String field = "dev.weft.fixture.shop.Cart.";
        assertNoSession(field + "visits", cart::visits);
        assertNoSession(field + "items", () -> cart.add("apple"));
        assertNoSession(field + "orders", Cart::orders);
        assertNoSession(field + "visits", () -> cart.visitLater().run());
        assertNoSession(field + "items", () -> cart.new Line().addTwice("pear"));
        assertNoSession(field + "points", () -> new SpecialCart().bonus());
        assertNoSession(field + "note", () -> Auditor.noteOf(cart));
        assertNoSession(field + "lastOrder", () -> new Receipt(cart));
        assertNoSession("dev.weft.fixture.shop.Primitives.staticFlag", Primitives::describeStatic);
    }

    @Test
    void defaultsComeFromInitializersAndArePerSession() {
        Cart cart = new Cart();
        inNewSession(() -> {
            assertEquals(10, cart.visits());
            assertEquals(5L, cart.points());
            assertEquals("none", Auditor.lastOrder());
            assertEquals(List.of(), cart.items());
            cart.add("mutated in place");
            cart.visit();
            Cart.order("changed");
        });
        inNewSession(() -> {
            assertEquals(List.of(), cart.items(), "each session starts from its own copy of the default");
            assertEquals(10, cart.visits());
            assertEquals("none", Auditor.lastOrder());
            cart.visit();
        });
    }

    @Test
    void theDeclaringClassConstructorNeverResetsTheSession() {
        SessionKey key = inNewSession(() -> {
            new Cart().visit();
            new Cart().visit();
            assertEquals(12, new Cart().visits());
        });
        assertEquals(12, inSession(key, () -> new Cart().visits()));
    }

    @Test
    void everyKindOfAccessSharesTheSessionValue() {
        SessionKey key = inNewSession(() -> {
            Cart cart = new Cart();
            cart.visitLater().run();                           // a lambda: visits++
            cart.new Line().addTwice("pear");                   // an inner class (nestmate)
            SpecialCart special = new SpecialCart();
            special.bonus();                                     // a subclass, through SpecialCart.points
            cart.addTwoPoints();                                 // points += 2
            Auditor.annotate(cart, "gift");                      // another package
            Auditor.annotateThroughSubclass(special, "wrapped"); // PUTFIELD SpecialCart.note
            Cart.order("cake");
            Cart.order("tea");                                   // orders++
            List<String> replaced = new ArrayList<>(cart.itemsLater().get());
            replaced.add("plum");
            cart.replaceItems(replaced);
        });
        inSession(key, () -> {
            Cart cart = new Cart();
            assertEquals(11, cart.new Line().visits());
            assertEquals(List.of("pear", "pear", "plum"), cart.itemsLater().get());
            assertEquals(107L, new SpecialCart().specialPoints());
            assertEquals("wrapped", Auditor.noteOf(cart));
            assertEquals("tea", Auditor.lastOrderThroughSubclass());
            assertEquals(2, Cart.orders());
            assertEquals("tea/wrapped", new Receipt(cart).toString(), "another class's constructor is woven");
            Cart.Orders.reset();                                 // a static nested class (nestmate)
            return null;
        });
        assertEquals(0, inSession(key, Cart::orders));
    }

    @Test
    void aSubclassConstructorSetsTheDefaultOfItsOwnObjectNotTheSession() {
        PremiumCart gold = assertDoesNotThrow(() -> new PremiumCart(true), "its own object's fields are plain");
        assertDoesNotThrow(() -> new PremiumCart(4));
        SessionKey key = inNewSession(() -> {
            assertEquals(1001L, gold.points(), "a new session starts from the value this object got");
            assertEquals("premium", Auditor.noteOf(gold));
            gold.addPoints(9);
            new PremiumCart(4); // each sets its own object's fields, not the session's
            new PremiumCart(false);
            assertEquals(1010L, gold.points());
        });
        assertEquals(1010L, inSession(key, () -> new PremiumCart(false).points()), "the session's, whoever reads it");
    }

    @Test
    void aSubclassConstructorWritingAnotherObjectsSessionFieldWritesTheSession() {
        Cart cart = new Cart();
        assertNoSession("dev.weft.fixture.shop.Cart.note", () -> new PremiumCart(cart));
        SessionKey key = inNewSession(() -> new PremiumCart(cart));
        assertEquals("upgraded", inSession(key, () -> Auditor.noteOf(cart)));
    }

    @Test
    void aDeclaringClassTheAccessingCodeMayNotNameIsFoundByName() {
        Exposed exposed = new Exposed();
        SessionKey key = inNewSession(() -> assertEquals(2, Peeker.raise(exposed)));
        assertEquals(3, inSession(key, () -> Peeker.raise(new Exposed())));
        assertNoSession("dev.weft.fixture.hidden.Base.level", () -> Peeker.raise(exposed));
    }

    @Test
    void everyPrimitiveTypeInstanceAndStatic() {
        Primitives primitives = new Primitives();
        SessionKey key = inNewSession(() -> {
            assertEquals("true,1,a,2,3,4,5.5,6.25", primitives.describe());
            assertEquals("true,11,k,12,13,14,15.5,16.25", Primitives.describeStatic());
            primitives.set(false, (byte) -8, 'z', (short) 300, 70_000, 1L << 40, 0.25f, 1e300);
            Primitives.setStatic(false, (byte) 100, 'q', (short) -300, -70_000, -(1L << 41), -0.5f, -1e-300);
        });
        inSession(key, () -> {
            assertEquals("false,-8,z,300,70000,1099511627776,0.25,1.0E300", primitives.describe());
            assertEquals("false,100,q,-300,-70000,-2199023255552,-0.5,-1.0E-300", Primitives.describeStatic());
            primitives.bump();
            Primitives.bumpStatic();
            return null;
        });
        assertEquals("true,-7,{,301,70001,1099511627777,1.25,1.0E300", inSession(key, primitives::describe));
        assertEquals("true,101,r,-299,-69999,-2199023255551,0.5,2.0", inSession(key, Primitives::describeStatic));
    }

    @Test
    void aSecondMemberSeesTheFirstMembersSession() {
        Sessions viaSecond = sessionsOn(members.startMember());
        Cart cart = new Cart();
        SessionKey key = inNewSession(() -> cart.add("from the first member"));
        SessionScope second = viaSecond.open(key);
        try (second) {
            assertEquals(List.of("from the first member"), cart.items());
            cart.add("from the second member");
        }
        assertEquals(key, second.key().orElseThrow());
        assertEquals(List.of("from the first member", "from the second member"), inSession(key, cart::items));
    }

    @Test
    void aFieldThatCannotBeASessionValueStopsItsClass() {
        ExceptionInInitializerError error = assertThrows(ExceptionInInitializerError.class,
                () -> Class.forName("dev.weft.fixture.refused.ThreadField"));
        IllegalStateException cause = assertInstanceOf(IllegalStateException.class, error.getCause());
        assertTrue(cause.getMessage().contains("field dev.weft.fixture.refused.ThreadField.worker cannot be"
                + " @SessionScoped: its type java.lang.Thread is a live resource"), cause.getMessage());
    }

    @Test
    void aFieldWhoseValuesCannotBeDecodedBackStopsItsClass() {
        ExceptionInInitializerError error = assertThrows(ExceptionInInitializerError.class,
                () -> Class.forName("dev.weft.fixture.refused.ObjectField"));
        assertEquals("Weft refuses to load dev.weft.fixture.refused.ObjectField: field"
                + " dev.weft.fixture.refused.ObjectField.anything cannot be @SessionScoped: its type java.lang.Object"
                + " names no class, so a stored value cannot be decoded back into the class it was written from;"
                + " declare a concrete class (or a collection or map interface of java.util)", error.getCause().getMessage());
    }

    /**
     * What {@code @SessionScoped}'s warning says: reflection, method handles, {@code VarHandle}s
     * and Java serialization reach the object's plain field, never the session's value.
     */
    @Test
    void reflectionHandlesAndSerializationReachThePlainFieldNotTheSession() throws Throwable {
        Profile profile = new Profile();
        SessionKey key = inNewSession(() -> profile.rename("the session's"));
        java.lang.reflect.Field field = Profile.class.getDeclaredField("name");
        field.setAccessible(true);
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Profile.class, MethodHandles.lookup());
        MethodHandle getter = lookup.findGetter(Profile.class, "name", String.class);
        MethodHandle setter = lookup.findSetter(Profile.class, "name", String.class);
        VarHandle handle = lookup.findVarHandle(Profile.class, "name", String.class);

        assertEquals("plain default", field.get(profile), "reflection reads the plain field, with no scope open");
        assertEquals("plain default", (String) getter.invoke(profile), "so does a method handle");
        assertEquals("plain default", (String) handle.get(profile), "and a VarHandle");
        field.set(profile, "set by reflection");
        assertEquals("set by reflection", (String) getter.invoke(profile));
        setter.invoke(profile, "set by a method handle");
        assertEquals("set by a method handle", (String) handle.get(profile));
        handle.set(profile, "set by a VarHandle");
        assertEquals("set by a VarHandle", field.get(profile));
        assertEquals("the session's", inSession(key, profile::name), "none of them wrote the session");
        assertEquals("plain default", inSession(key, () -> {
            try {
                return (String) field.get(new Profile());
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }), "nor reads it inside a scope");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(profile); // no scope open: serialization reads the plain field
        }
        Profile copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (Profile) in.readObject();
        }
        assertEquals("set by a VarHandle", field.get(copy), "serialization wrote and read back the plain field");
        assertEquals("the session's", inSession(key, copy::name), "woven code reads the session, whatever the object");
        assertEquals("set by a VarHandle", inSession(null, profile::name), "a new session's default: the plain field");
    }
}
