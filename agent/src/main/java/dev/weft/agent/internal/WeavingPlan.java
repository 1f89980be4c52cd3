package dev.weft.agent.internal;

import java.util.List;
import java.util.Map;

/**
 * What weaving one class file will do: which field references in it are session fields, which
 * session fields it declares that can never be session values, and which references could not be
 * resolved (so may be session fields). Made by {@link SessionFields} before any rewriting; an
 * {@linkplain #isEmpty() empty} plan means the class is left untouched.
 */
final class WeavingPlan {

    /** A {@code @SessionScoped} field, resolved to the class that declares it. */
    record SessionField(String declaringClass, String name, String descriptor, boolean isStatic,
            boolean declaringClassIsPublic) {

        /** {@code com.acme.Cart.items}, for messages. */
        String displayName() {
            return declaringClass.replace('/', '.') + '.' + name;
        }

        /** Whether code in {@code className} may name the declaring class in a class constant. */
        boolean declaringClassAccessibleFrom(String className) {
            return declaringClassIsPublic || packageOf(declaringClass).equals(packageOf(className));
        }

        private static String packageOf(String internalName) {
            int slash = internalName.lastIndexOf('/');
            return slash < 0 ? "" : internalName.substring(0, slash);
        }
    }

    private final String className;
    private final Map<String, SessionField> accesses;
    private final List<String> refusals;
    private final List<String> unresolved;
    private final boolean retransforming;

    WeavingPlan(String className, Map<String, SessionField> accesses, List<String> refusals, List<String> unresolved,
            boolean retransforming) {
        this.className = className;
        this.accesses = Map.copyOf(accesses);
        this.refusals = List.copyOf(refusals);
        this.unresolved = List.copyOf(unresolved);
        this.retransforming = retransforming;
    }

    static WeavingPlan none(String className) {
        return new WeavingPlan(className, Map.of(), List.of(), List.of(), false);
    }

    /** A plan that only makes the class refuse to initialize, for these reasons; it rewrites no access. */
    static WeavingPlan refusing(String className, List<String> reasons) {
        return new WeavingPlan(className, Map.of(), reasons, List.of(), false);
    }

    /** Internal name of the planned class. */
    String className() {
        return className;
    }

    boolean isEmpty() {
        return accesses.isEmpty() && refusals.isEmpty() && unresolved.isEmpty();
    }

    /** The session field a {@code GETFIELD}/{@code PUTFIELD}/{@code GETSTATIC}/{@code PUTSTATIC} names, or null. */
    SessionField sessionField(String owner, String name, String descriptor) {
        return accesses.isEmpty() ? null : accesses.get(ClassFileScan.FieldRef.key(owner, name, descriptor));
    }

    /** The session fields this class uses. */
    java.util.Collection<SessionField> sessionFields() {
        return accesses.values();
    }

    /**
     * Whether the class uses an instance session field declared by another class: one its
     * constructors may set on the object under construction, if the other class is a superclass.
     */
    boolean usesInstanceFieldsDeclaredElsewhere() {
        for (SessionField field : accesses.values()) {
            if (!field.isStatic() && !field.declaringClass().equals(className)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any field instruction of the class is to be rewritten. */
    boolean rewritesAccesses() {
        return !accesses.isEmpty();
    }

    /**
     * Field references (and the class's own session fields) the planning could not resolve or
     * check, each with the cause: any of them may be a session field, so the class may use one.
     */
    List<String> unresolved() {
        return unresolved;
    }

    /** Why fields this class declares cannot be session fields, one message per field; empty if none. */
    List<String> refusals() {
        return refusals;
    }

    /** Whether the class is already loaded (retransformation: method bodies may change, nothing else). */
    boolean retransforming() {
        return retransforming;
    }
}
