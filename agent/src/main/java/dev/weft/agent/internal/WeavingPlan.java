package dev.weft.agent.internal;

import java.util.List;
import java.util.Map;

/**
 * What weaving one class file will do: which field references in it are session fields, and which
 * session fields it declares that can never be session values. Made by {@link SessionFields} before
 * any rewriting; an {@linkplain #isEmpty() empty} plan means the class is left untouched.
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
    private final boolean retransforming;

    WeavingPlan(String className, Map<String, SessionField> accesses, List<String> refusals, boolean retransforming) {
        this.className = className;
        this.accesses = Map.copyOf(accesses);
        this.refusals = List.copyOf(refusals);
        this.retransforming = retransforming;
    }

    static WeavingPlan none(String className) {
        return new WeavingPlan(className, Map.of(), List.of(), false);
    }

    /** Internal name of the planned class. */
    String className() {
        return className;
    }

    boolean isEmpty() {
        return accesses.isEmpty() && refusals.isEmpty();
    }

    /** The session field a {@code GETFIELD}/{@code PUTFIELD}/{@code GETSTATIC}/{@code PUTSTATIC} names, or null. */
    SessionField sessionField(String owner, String name, String descriptor) {
        return accesses.isEmpty() ? null : accesses.get(ClassFileScan.FieldRef.key(owner, name, descriptor));
    }

    /** The session fields this class uses. */
    java.util.Collection<SessionField> sessionFields() {
        return accesses.values();
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
