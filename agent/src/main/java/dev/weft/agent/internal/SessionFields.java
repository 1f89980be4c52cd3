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

    /**
     * The abstract types a session value may be declared with, because the codec (Jackson) makes
     * a concrete collection or map of them: {@code ArrayList} for a {@code List}, and so on.
     */
    static final Set<String> DECODABLE_ABSTRACT_TYPES = Set.of("java.lang.Iterable", "java.util.Collection",
            "java.util.List", "java.util.Set", "java.util.SortedSet", "java.util.NavigableSet", "java.util.Queue",
            "java.util.Deque", "java.util.SequencedCollection", "java.util.SequencedSet", "java.util.AbstractList",
            "java.util.AbstractSet", "java.util.Map", "java.util.SortedMap", "java.util.NavigableMap",
            "java.util.SequencedMap", "java.util.AbstractMap", "java.util.concurrent.ConcurrentMap",
            "java.util.concurrent.ConcurrentNavigableMap",
            "java.time.ZoneId", "java.util.TimeZone", "java.nio.charset.Charset", "java.nio.file.Path");

    private final ClassInfos classes;

    SessionFields(ClassInfos classes) {
        this.classes = classes;
    }

    /**
     * Plans the weaving of one class file: cheap for the many classes that touch no session field
     * (a constant-pool scan, no other class file read), and never loads a class. A reference that
     * cannot be resolved (a class file on its way up is missing or cannot be read) is not an error
     * here: the plan lists it as {@linkplain WeavingPlan#unresolved() unresolved}, for the weaver to
     * fail closed.
     *
     * @param classLoader the class's defining loader, which finds the other class files
     * @param retransforming whether the class is already loaded
     * @throws IllegalArgumentException or another runtime exception if the class file's own
     *     constant pool cannot be read
     */
    WeavingPlan plan(ClassLoader classLoader, byte[] classFile, boolean retransforming) {
        ClassFileScan scan = ClassFileScan.of(classFile);
        if (scan.fieldRefs().isEmpty() && !scan.mentionsSessionScoped()) {
            return WeavingPlan.none(scan.className());
        }
        Planning planning = new Planning(classLoader, scan.className(), classFile);
        Map<String, WeavingPlan.SessionField> accesses = new HashMap<>();
        List<String> unresolved = new ArrayList<>();
        for (FieldRef ref : scan.fieldRefs()) {
            String start = ref.owner();
            if (start.equals(scan.className()) && !scan.declares(ref)) {
                start = scan.superName(); // inherited: the scanned class itself needs no parsing
            } else if (start.equals(scan.className()) && !scan.mentionsSessionScoped()) {
                continue; // a plain field of this class
            }
            if (start == null) {
                continue;
            }
            try {
                WeavingPlan.SessionField field = planning.resolve(start, ref.name(), ref.descriptor());
                if (field != null) {
                    accesses.put(ref.key(), field);
                }
            } catch (NoClassFile missing) {
                unresolved.add("field " + binaryName(ref.owner()) + "." + ref.name() + " could not be resolved ("
                        + missing.getMessage() + ")");
            } catch (RuntimeException unreadable) {
                unresolved.add("field " + binaryName(ref.owner()) + "." + ref.name() + " could not be resolved ("
                        + unreadable + ")");
            }
        }
        List<String> refusals = List.of();
        if (scan.mentionsSessionScoped()) {
            try {
                refusals = planning.refusals();
            } catch (RuntimeException unreadable) {
                unresolved.add("its own fields could not be checked (" + unreadable + ")");
            }
        }
        return new WeavingPlan(scan.className(), accesses, refusals, unresolved, retransforming);
    }

    /** Class files as one class's loader finds them, the planned class from its own bytes. */
    private final class Planning {
        private final ClassLoader classLoader;
        private final String className;
        private final byte[] classFile;
        private ClassInfo planned;

        Planning(ClassLoader classLoader, String className, byte[] classFile) {
            this.classLoader = classLoader;
            this.className = className;
            this.classFile = classFile;
        }

        /** The class {@code internalName}, or null if it has no class file. */
        ClassInfo find(String internalName) {
            if (internalName.equals(className)) {
                if (planned == null) {
                    planned = ClassInfo.of(classFile);
                }
                return planned;
            }
            return classes.find(classLoader, internalName);
        }

        /**
         * Resolves a field reference as the JVM does (the class, its superinterfaces, its
         * superclass) and returns it if it is a {@code @SessionScoped} field. The walk stops at the
         * never-woven packages (the JDK's and libraries' classes declare no session field) and at
         * an array type (which declares no field).
         *
         * @throws NoClassFile if a class on the way, outside those packages, has no class file the
         *     loader finds (a class defined from bytes): its fields may be session fields
         * @throws RuntimeException if a class file on the way cannot be read
         */
        WeavingPlan.SessionField resolve(String owner, String name, String descriptor) {
            for (String type = owner; type != null && AgentOptions.mayDeclareSessionFields(type); ) {
                if (type.startsWith("[")) {
                    return null; // an array type: no fields, only the arraylength instruction
                }
                ClassInfo info = find(type);
                if (info == null) {
                    throw new NoClassFile(type);
                }
                ClassInfo.Field field = info.field(name, descriptor);
                if (field != null) {
                    return sessionField(info, field);
                }
                for (String superInterface : info.interfaces()) {
                    WeavingPlan.SessionField inherited = resolve(superInterface, name, descriptor);
                    if (inherited != null) {
                        return inherited;
                    }
                }
                type = info.superName();
            }
            return null;
        }

        private WeavingPlan.SessionField sessionField(ClassInfo declaring, ClassInfo.Field field) {
            return field.sessionScoped() ? new WeavingPlan.SessionField(declaring.name(), field.name(),
                    field.descriptor(), field.isStatic(), declaring.isPublic()) : null;
        }

        /** One message per session field of the planned class that cannot be a session value. */
        List<String> refusals() {
            ClassInfo type = find(className);
            List<String> refusals = new ArrayList<>();
            for (ClassInfo.Field field : type.fields()) {
                if (field.sessionScoped()) {
                    String reason = refusal(field);
                    if (reason != null) {
                        refusals.add("field " + binaryName(className) + "." + field.name()
                                + " cannot be @SessionScoped: " + reason);
                    }
                }
            }
            return refusals;
        }

        /**
         * Why {@code field} can never hold a session value, or null if it can. The same reasons, in
         * the same words, as the runtime's, decided from class files: final; a resource type or a
         * subtype of one; an interface that is, or extends, a {@code @FunctionalInterface} (its
         * values are lambdas); a type a stored value cannot be decoded back into: {@code Object},
         * or an interface or abstract class (a type variable counts as its erasure) other than the
         * {@linkplain #DECODABLE_ABSTRACT_TYPES collection and map types} the codec makes. A class
         * that happens to implement a functional interface can be plain data, so it is not refused.
         * A type without a class file is passed over: nothing to learn from it.
         */
        private String refusal(ClassInfo.Field field) {
            if (field.isFinal()) {
                return "it is final, so it cannot take each session's value";
            }
            String descriptor = field.descriptor();
            if (descriptor.charAt(0) != 'L') {
                return null; // a primitive or an array
            }
            String type = descriptor.substring(1, descriptor.length() - 1);
            ClassInfo typeInfo = find(type);
            boolean isInterface = typeInfo != null && typeInfo.isInterface();
            Deque<String> pending = new ArrayDeque<>();
            Set<String> seen = new HashSet<>();
            pending.add(type);
            while (!pending.isEmpty()) {
                String next = pending.remove();
                if (!seen.add(next)) {
                    continue;
                }
                if (RESOURCE_TYPES.contains(binaryName(next))) {
                    return "its type " + binaryName(type) + " is a live resource (" + binaryName(next)
                            + "), not data that can be stored as JSON";
                }
                ClassInfo info = find(next);
                if (info == null) {
                    continue;
                }
                if (isInterface && info.isFunctionalInterface()) {
                    return "its type " + binaryName(type) + " is a functional interface (a lambda), not data";
                }
                if (info.superName() != null) {
                    pending.add(info.superName());
                }
                pending.addAll(info.interfaces());
            }
            String declared = field.typeVariable() == null ? binaryName(type)
                    : field.typeVariable() + " (a type variable, erased to " + binaryName(type) + ")";
            if (type.equals("java/lang/Object")) {
                return undecodable(declared, null);
            }
            if (typeInfo != null && typeInfo.isAbstract() && !typeInfo.isEnum()
                    && !DECODABLE_ABSTRACT_TYPES.contains(binaryName(type))) {
                return undecodable(declared, isInterface ? "an interface" : "an abstract class");
            }
            return null;
        }
    }

    /**
     * A class on the way up from a field reference, outside the never-woven packages, that its
     * loader has no class file for: whether the field is a session field cannot be told.
     */
    static final class NoClassFile extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoClassFile(String internalName) {
            super("no class file for " + binaryName(internalName) + " in its class loader: the agent cannot tell"
                    + " whether it is a session field", null, false, false);
        }
    }

    /**
     * Why a field declared with a type a stored value cannot be decoded back into cannot be a
     * session field: {@code kind} is {@code "an interface"}, {@code "an abstract class"}, or null for
     * {@code Object}. The runtime's message is the same, word for word.
     */
    static String undecodable(String declaredType, String kind) {
        return "its type " + declaredType + (kind == null ? " names no class" : " is " + kind)
                + ", so a stored value cannot be decoded back into the class it was written from; declare a"
                + " concrete class (or a collection or map interface of java.util)";
    }

    private static String binaryName(String internalName) {
        return internalName.replace('/', '.');
    }
}
