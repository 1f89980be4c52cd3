package dev.weft.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The agent's one transformer, a plain {@link ClassFileTransformer}: classes of the never-woven
 * packages are passed over by name; {@link SessionFields#plan} scans the rest (the constant pool, then, only for classes
 * that name {@code @SessionScoped} or a field of another application class, the class files of
 * those classes, never loading one); and only a class with a non-empty plan is rewritten by
 * {@link SessionFieldWeaving}. Every other class is left untouched ({@code null}). A class that
 * uses or may use a session field but cannot be woven is refused: it loads with a static
 * initializer that throws, in place of its own. Nothing else is added to or renamed in a class, so
 * the same transformation also serves retransformation of loaded classes (which are never refused).
 */
public final class Weaver implements ClassFileTransformer {

    private final AgentOptions options;
    private final Reporter reporter;
    private final SessionFields sessionFields = new SessionFields(new ClassInfos());
    private final BridgeCheck bridges = new BridgeCheck();

    public Weaver(AgentOptions options, PrintStream out) {
        this.options = options;
        this.reporter = new Reporter(out, options.verbose());
    }

    /** Registers this transformer (retransformation-capable); nothing else, so it is cheap at start-up. */
    public void registerOn(Instrumentation instrumentation) {
        instrumentation.addTransformer(this, true);
        reporter.installed(options);
    }

    /**
     * Retransforms the classes already loaded whose class files use session fields, in one batch;
     * a class that fails is reported with its name. For an agent attached to a running JVM.
     */
    public void retransformLoadedClasses(Instrumentation instrumentation) {
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (usesSessionFields(instrumentation, type)) {
                candidates.add(type);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        try {
            instrumentation.retransformClasses(candidates.toArray(new Class<?>[0]));
        } catch (Exception | LinkageError batchFailure) {
            for (Class<?> type : candidates) { // find the classes that failed the batch
                try {
                    instrumentation.retransformClasses(type);
                } catch (Exception | LinkageError e) {
                    reporter.failed(type.getName(), e);
                }
            }
        }
    }

    /**
     * Whether a loaded class's class file uses session fields (or may): then retransforming it
     * weaves it, or reports why it cannot be.
     */
    private boolean usesSessionFields(Instrumentation instrumentation, Class<?> type) {
        ClassLoader classLoader = type.getClassLoader();
        if (classLoader == null || type.isArray() || type.isPrimitive() || type.isHidden()) {
            return false;
        }
        String internalName = type.getName().replace('.', '/');
        if (AgentOptions.isNeverWoven(internalName) || !instrumentation.isModifiableClass(type)) {
            return false;
        }
        try (InputStream in = classLoader.getResourceAsStream(internalName + ".class")) {
            // a class without a class file (a proxy, a generated class) was never compiled with session fields
            return in != null && !sessionFields.plan(classLoader, in.readAllBytes(), true).isEmpty();
        } catch (IOException | RuntimeException | LinkageError e) {
            reporter.failed(type.getName(), e);
            return false;
        }
    }

    /** This transformer, for tests: not registered anywhere. */
    public ClassFileTransformer transformer() {
        return this;
    }

    /**
     * Weaves one class, or returns {@code null} if it is not changed. Never throws (the JVM would
     * drop the exception and load the class as it is). A class that uses, or may use, a session
     * field and cannot be woven fails closed: it gets a static initializer that throws an {@link
     * IllegalStateException} naming the class, the session fields and the cause, so it never runs
     * with plain fields; each such class is reported on the reporter's stream too. A class that
     * is already loaded (retransformation) cannot be refused: it keeps its plain fields, reported.
     */
    @Override
    public byte[] transform(ClassLoader classLoader, String internalName, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classFile) {
        if (internalName == null || classLoader == null || AgentOptions.isNeverWoven(internalName)) {
            return null;
        }
        boolean loaded = classBeingRedefined != null;
        String typeName = internalName.replace('/', '.');
        WeavingPlan plan;
        try {
            plan = sessionFields.plan(classLoader, classFile, loaded);
        } catch (RuntimeException unreadable) {
            // Its constant pool cannot be read: whether it uses a session field cannot be told.
            if (!ClassFileScan.namesSessionScoped(classFile)) {
                reporter.unreadable(typeName, unreadable);
                return null;
            }
            return refuse(internalName, loaded, classFile, List.of("it names @SessionScoped, but the agent cannot"
                    + " read its class file: " + unreadable), unreadable);
        }
        if (plan.isEmpty()) {
            return null;
        }
        String unwovenBecause = options.unwovenBecause(internalName); // null: the options weave it
        if (!plan.unresolved().isEmpty()) {
            // Both causes when the options leave it unwoven too: including it would not be enough.
            return refuse(internalName, loaded, classFile, plus(plan.refusals(), "it may use session fields, but the"
                    + " agent could not tell: " + String.join("; ", plan.unresolved())
                    + (unwovenBecause != null ? "; and " + unwovenBecause : "")), null);
        }
        SessionFieldWeaving weaving = new SessionFieldWeaving(plan);
        byte[] woven;
        try {
            woven = weaving.weave(classFile);
        } catch (Throwable e) {
            return unwovenBecause != null
                    ? refuse(internalName, loaded, classFile, plus(plan.refusals(), uses(plan) + ", but " + unwovenBecause), null)
                    : refuse(internalName, loaded, classFile, plus(plan.refusals(), uses(plan)
                            + ", but the agent could not weave it: " + e), e);
        }
        if (woven == null) {
            return null; // its session fields are used in its own initializers only: plain there anyway
        }
        if (unwovenBecause != null) {
            return refuse(internalName, loaded, classFile, plus(plan.refusals(), uses(plan) + ", but " + unwovenBecause),
                    null);
        }
        String bridgeProblem = weaving.wovenFields().isEmpty() ? null : bridges.problemIn(classLoader);
        if (bridgeProblem != null) {
            return refuse(internalName, loaded, classFile, plus(plan.refusals(), uses(plan) + ", but " + bridgeProblem),
                    null);
        }
        if (!plan.refusals().isEmpty()) {
            reporter.refused(typeName, loaded, plan.refusals());
        }
        reporter.woven(typeName, loaded, weaving.wovenFields());
        return woven;
    }

    /**
     * Refuses a class that must not run with plain fields: on first load, the class file with a
     * throwing static initializer; when already loaded, nothing can be refused, so it is only
     * reported. Either way the reasons are reported.
     */
    private byte[] refuse(String internalName, boolean loaded, byte[] classFile, List<String> reasons, Throwable cause) {
        String typeName = internalName.replace('/', '.');
        reporter.refused(typeName, loaded, reasons);
        if (cause != null) {
            reporter.cause(cause);
        }
        return loaded ? null : SessionFieldWeaving.refuse(classFile, internalName, reasons);
    }

    /** {@code it uses session field(s) a.B.c, ...}: the session fields a plan's class uses, for messages. */
    private static String uses(WeavingPlan plan) {
        Set<String> names = new TreeSet<>();
        for (WeavingPlan.SessionField field : plan.sessionFields()) {
            names.add(field.displayName());
        }
        if (names.isEmpty()) {
            return "it declares session fields";
        }
        return (names.size() == 1 ? "it uses session field " : "it uses session fields ") + String.join(", ", names);
    }

    private static List<String> plus(List<String> reasons, String reason) {
        List<String> all = new ArrayList<>(reasons);
        all.add(reason);
        return all;
    }
}
