package dev.weft.agent.internal;

import dev.weft.agent.internal.ClassFileScan.FieldRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

/**
 * Decides, from class files alone, which field references of a class are {@code @SessionScoped}
 * fields and whether the session fields a class declares can be session values at all.
 */
final class SessionFields {

    /** Types a session value can never have, subtypes included: live resources, not data. */
    static final Set<String> RESOURCE_TYPES = Set.of("java.lang.Thread", "java.lang.ThreadGroup",
            "java.lang.ClassLoader", "java.net.Socket", "java.net.ServerSocket", "java.net.DatagramSocket",
            "java.io.InputStream", "java.io.OutputStream", "java.io.Reader", "java.io.Writer",
            "java.nio.channels.Channel", "java.util.concurrent.locks.Lock", "java.util.concurrent.Executor");

    private static final String FUNCTIONAL_INTERFACE = "java.lang.FunctionalInterface";

    private final TypePools pools;

    SessionFields(TypePools pools) {
        this.pools = pools;
    }

    /**
     * Plans the weaving of one class file: cheap for the many classes that touch no session field
     * (a constant-pool scan, no type pool), and never loads a class.
     *
     * @param retransforming whether the class is already loaded
     */
    WeavingPlan plan(ClassLoader classLoader, byte[] classFile, boolean retransforming) {
        ClassFileScan scan = ClassFileScan.of(classFile);
        String className = scan.className();
        if (scan.fieldRefs().isEmpty() && !scan.mentionsSessionScoped()) {
            return WeavingPlan.none(className);
        }
        TypePool pool = null;
        Map<String, WeavingPlan.SessionField> accesses = new HashMap<>();
        for (FieldRef ref : scan.fieldRefs()) {
            String start = ref.owner();
            if (start.equals(className) && !scan.declares(ref)) {
                start = scan.superName(); // inherited: the scanned class itself needs no parsing
            } else if (start.equals(className) && !scan.mentionsSessionScoped()) {
                continue; // a plain field of this class
            }
            if (start == null) {
                continue;
            }
            if (pool == null) {
                pool = pools.forClass(classLoader, className, classFile);
            }
            WeavingPlan.SessionField field = resolve(pool, start, ref.name(), ref.descriptor());
            if (field != null) {
                accesses.put(ref.key(), field);
            }
        }
        List<String> refusals = List.of();
        if (scan.mentionsSessionScoped()) {
            if (pool == null) {
                pool = pools.forClass(classLoader, className, classFile);
            }
            refusals = refusals(pool.describe(className.replace('/', '.')).resolve());
        }
        return new WeavingPlan(className, accesses, refusals, retransforming);
    }

    /**
     * Resolves a field reference as the JVM does (the class, its superinterfaces, its superclass)
     * and returns it if it is a {@code @SessionScoped} field.
     */
    private static WeavingPlan.SessionField resolve(TypePool pool, String owner, String name, String descriptor) {
        FieldDescription.InDefinedShape field = find(pool, owner, name, descriptor);
        if (field == null || !isSessionScoped(field)) {
            return null;
        }
        TypeDescription declaring = field.getDeclaringType();
        return new WeavingPlan.SessionField(declaring.getInternalName(), name, descriptor, field.isStatic(),
                declaring.isPublic());
    }

    private static FieldDescription.InDefinedShape find(TypePool pool, String internalName, String name,
            String descriptor) {
        if (!AgentOptions.mayDeclareSessionFields(internalName)) {
            return null;
        }
        TypePool.Resolution resolution = pool.describe(internalName.replace('/', '.'));
        if (!resolution.isResolved()) {
            return null; // no class file: nothing the agent can know about, so nothing it weaves
        }
        TypeDescription type = resolution.resolve();
        for (FieldDescription.InDefinedShape field : type.getDeclaredFields()) {
            if (field.getName().equals(name) && field.getDescriptor().equals(descriptor)) {
                return field;
            }
        }
        for (TypeDescription superInterface : type.getInterfaces().asErasures()) {
            FieldDescription.InDefinedShape field = find(pool, superInterface.getInternalName(), name, descriptor);
            if (field != null) {
                return field;
            }
        }
        TypeDescription.Generic superClass = type.getSuperClass();
        return superClass == null ? null : find(pool, superClass.asErasure().getInternalName(), name, descriptor);
    }

    private static boolean isSessionScoped(FieldDescription field) {
        return hasAnnotation(field.getDeclaredAnnotations(), Bridge.SESSION_SCOPED_NAME);
    }

    private static boolean hasAnnotation(Iterable<AnnotationDescription> annotations, String typeName) {
        for (AnnotationDescription annotation : annotations) {
            if (annotation.getAnnotationType().getName().equals(typeName)) {
                return true;
            }
        }
        return false;
    }

    /** One message per session field of {@code type} that cannot be a session value. */
    private static List<String> refusals(TypeDescription type) {
        List<String> refusals = new ArrayList<>();
        for (FieldDescription.InDefinedShape field : type.getDeclaredFields()) {
            if (isSessionScoped(field)) {
                String reason = refusal(field);
                if (reason != null) {
                    refusals.add("field " + type.getName() + "." + field.getName()
                            + " cannot be @SessionScoped: " + reason);
                }
            }
        }
        return refusals;
    }

    /**
     * Why {@code field} can never hold a session value, or null if it can. The same reasons as the
     * runtime's, decided from class files: final; a resource type or a subtype of one; an interface
     * that is, or extends, a {@code @FunctionalInterface} (its values are lambdas). A class that
     * happens to implement a functional interface can be plain data, so it is not refused.
     */
    static String refusal(FieldDescription field) {
        if (field.isFinal()) {
            return "it is final, so it cannot take each session's value";
        }
        TypeDescription type = field.getType().asErasure();
        if (type.isPrimitive() || type.isArray()) {
            return null;
        }
        Deque<TypeDescription> pending = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            TypeDescription next = pending.remove();
            if (!seen.add(next.getName())) {
                continue;
            }
            if (RESOURCE_TYPES.contains(next.getName())) {
                return "its type " + type.getName() + " is a live resource (" + next.getName()
                        + "), not data that can be stored as JSON";
            }
            try {
                if (type.isInterface() && hasAnnotation(next.getDeclaredAnnotations(), FUNCTIONAL_INTERFACE)) {
                    return "its type " + type.getName() + " is a functional interface (a lambda), not data";
                }
                TypeDescription.Generic superClass = next.getSuperClass();
                if (superClass != null) {
                    pending.add(superClass.asErasure());
                }
                for (TypeDefinition superInterface : next.getInterfaces()) {
                    pending.add(superInterface.asErasure());
                }
            } catch (IllegalStateException missingClassFile) {
                // a supertype the class loader cannot find: nothing to learn from it
            }
        }
        return null;
    }
}
