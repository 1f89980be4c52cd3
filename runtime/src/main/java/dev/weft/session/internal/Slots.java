package dev.weft.session.internal;

import java.util.Arrays;

/**
 * The woven fast path: a scope's field values in one array, which the threads bound to the scope
 * hold in a thread-local. Slot 0 is the scope's {@link SessionContext}; slot {@link
 * SessionField#index()} is that field's value once the scope handed it out ({@link #NULL} for
 * null, empty until then). Reading a field whose value is in the scope is a thread-local read and
 * an array read; everything else goes to the context.
 *
 * <p>An array that is no longer the scope's (it grew) is emptied but for slot 0, so a thread still
 * holding it takes the slow path, which moves it to the new array. When the scope ends its array
 * is emptied entirely, slot 0 included: a thread it was bound to, on whatever thread the scope
 * was closed, then holds no session state and no reference to the scope, only an empty array
 * marked ended, until it binds the next scope.
 */
final class Slots {

    private static final ThreadLocal<Object[]> CURRENT = new ThreadLocal<>();
    /** A slot's mark for a value that is null; an empty slot is null. */
    private static final Object NULL = new Object();
    /** Slot 0 of a scope's array once the scope ended: it keeps no reference to the scope. */
    private static final Object ENDED = new Object();

    /** Slot 0: the context; slot i: the value of the field with index i, if handed out. */
    private Object[] values = new Object[16];
    /** Field index to whether the program assigned that field in this scope. */
    private boolean[] assigned = new boolean[16];

    Slots(SessionContext context) {
        values[0] = context;
    }

    // ---- the thread's binding ----

    /** The context bound to this thread, or null. */
    static SessionContext current() {
        Object[] slots = CURRENT.get();
        return slots != null && slots[0] instanceof SessionContext context ? context : null;
    }

    /** Whether this thread was bound to a scope that has ended since (and has bound none after it). */
    static boolean boundToEndedScope() {
        Object[] slots = CURRENT.get();
        return slots != null && slots[0] == ENDED;
    }

    /** Binds {@code slots} (or nothing, for null) to this thread; returns the context bound before. */
    static SessionContext bind(Slots slots) {
        SessionContext previous = current();
        CURRENT.set(slots == null ? null : slots.values); // set, not remove: the next bind reuses the entry
        return previous;
    }

    /** Whether this thread holds these slots. */
    boolean boundHere() {
        return CURRENT.get() == values;
    }

    /** Makes this thread hold these slots, if it held an older array of them. */
    void follow() {
        if (CURRENT.get() != values) {
            CURRENT.set(values);
        }
    }

    // ---- woven field access ----

    /** Reads {@code field} in the session bound to this thread. */
    static Object read(SessionField field, Object owner) {
        Object[] slots = CURRENT.get();
        int index = field.index();
        if (slots != null && index < slots.length) {
            Object value = slots[index];
            if (value != null) {
                return value == NULL ? null : value;
            }
        }
        return SessionContext.require(field).materialize(field, owner);
    }

    /** Writes {@code field} in the session bound to this thread. */
    static void write(SessionField field, Object value) {
        Object[] slots = CURRENT.get();
        int index = field.index();
        if (slots != null && index < slots.length && slots[index] != null) {
            SessionContext context = (SessionContext) slots[0];
            slots[index] = value == null ? NULL : value;
            context.assigned(index);
            return;
        }
        SessionContext.require(field).writeUnseen(field, value);
    }

    // ---- the scope's values ----

    /** Whether field {@code index} holds a value in this scope. */
    boolean holds(int index) {
        return index < values.length && values[index] != null;
    }

    /** The value of field {@code index}, which {@link #holds} it. */
    Object get(int index) {
        Object slot = values[index];
        return slot == NULL ? null : slot;
    }

    /** Sets field {@code index}'s value; {@code assignedNow}: the program assigned it. */
    void put(int index, Object value, boolean assignedNow) {
        if (index >= values.length) {
            grow(index);
        }
        values[index] = value == null ? NULL : value;
        assigned[index] = assignedNow;
    }

    void markAssigned(int index) {
        assigned[index] = true;
    }

    boolean isAssigned(int index) {
        return assigned[index];
    }

    /** Empties field {@code index}'s slot, so its next read takes the slow path. */
    void clear(int index) {
        if (index < values.length) {
            values[index] = null;
            assigned[index] = false;
        }
    }

    /** Empties every field's slot. */
    void clearFields() {
        Arrays.fill(values, 1, values.length, null);
        Arrays.fill(assigned, false);
    }

    /**
     * Ends the scope's slots: every slot emptied and slot 0 marked ended (so a thread still holding
     * them can say so), and this thread unbound if it held them.
     */
    void end() {
        if (CURRENT.get() == values) {
            CURRENT.set(null);
        }
        Arrays.fill(values, null);
        values[0] = ENDED;
    }

    private void grow(int index) {
        int length = Math.max(index + 1, values.length * 2);
        Object[] old = values;
        values = Arrays.copyOf(old, length);
        assigned = Arrays.copyOf(assigned, length);
        Arrays.fill(old, 1, old.length, null); // threads still holding the old slots take the slow path
        if (CURRENT.get() == old) {
            CURRENT.set(values);
        }
    }
}
