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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's one transformer, a plain {@link ClassFileTransformer}: the options filter each class
 * by name; {@link SessionFields#plan} scans the rest (the constant pool, then, only for classes
 * that name {@code @SessionScoped} or a field of another application class, the class files of
 * those classes, never loading one); and only a class with a non-empty plan is rewritten by
 * {@link SessionFieldWeaving}. Every other class is left untouched ({@code null}). Nothing is added
 * to or renamed in a class, so the same transformation also serves retransformation of loaded
 * classes.
 */
public final class Weaver implements ClassFileTransformer {

    private final AgentOptions options;
    private final Reporter reporter;
    private final SessionFields sessionFields = new SessionFields(new ClassInfos());
    /** Declaring classes already warned of, so each is reported once. */
    private final Set<String> unwovenDeclaringClasses = ConcurrentHashMap.newKeySet();

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
                    reporter.failed(type.getName(), true, e);
                }
            }
        }
    }

    /** Whether a loaded class may be woven and its class file uses session fields. */
    private boolean usesSessionFields(Instrumentation instrumentation, Class<?> type) {
        ClassLoader classLoader = type.getClassLoader();
        if (classLoader == null || type.isArray() || type.isPrimitive() || type.isHidden()) {
            return false;
        }
        String internalName = type.getName().replace('.', '/');
        if (!options.weaves(internalName) || !instrumentation.isModifiableClass(type)) {
            return false;
        }
        try (InputStream in = classLoader.getResourceAsStream(internalName + ".class")) {
            // a class without a class file (a proxy, a generated class) was never compiled with session fields
            return in != null && !sessionFields.plan(classLoader, in.readAllBytes(), true).isEmpty();
        } catch (IOException | RuntimeException | LinkageError e) {
            reporter.failed(type.getName(), true, e);
            return false;
        }
    }

    /** This transformer, for tests: not registered anywhere. */
    public ClassFileTransformer transformer() {
        return this;
    }

    /**
     * Weaves one class, or returns {@code null} if it is not changed. Never throws: a failure is
     * reported with the class's name (the JVM would drop it silently) and the class left as it is.
     */
    @Override
    public byte[] transform(ClassLoader classLoader, String internalName, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classFile) {
        if (internalName == null || classLoader == null || !options.weaves(internalName)) {
            return null;
        }
        boolean loaded = classBeingRedefined != null;
        try {
            WeavingPlan plan = sessionFields.plan(classLoader, classFile, loaded);
            if (plan.isEmpty()) {
                return null;
            }
            String typeName = internalName.replace('/', '.');
            warnOfUnwovenDeclaringClasses(typeName, plan);
            SessionFieldWeaving weaving = new SessionFieldWeaving(plan);
            byte[] result = weaving.weave(classFile);
            if (!plan.refusals().isEmpty()) {
                reporter.refused(typeName, loaded, plan.refusals());
            }
            reporter.woven(typeName, loaded, weaving.wovenFields());
            return result;
        } catch (Throwable e) {
            reporter.failed(internalName.replace('/', '.'), loaded, e);
            return null;
        }
    }

    private void warnOfUnwovenDeclaringClasses(String typeName, WeavingPlan plan) {
        for (WeavingPlan.SessionField field : plan.sessionFields()) {
            if (!options.weaves(field.declaringClass()) && unwovenDeclaringClasses.add(field.declaringClass())) {
                reporter.unwovenDeclaringClass(typeName, field.displayName());
            }
        }
    }
}
