package dev.weft.agent.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

/**
 * The agent's one transformer: Byte Buddy's {@link AgentBuilder}, fronted by a cheap planning step.
 *
 * <p>Every class load first passes {@link SessionFields#plan} (a constant-pool scan, then type-pool
 * look-ups only for field references through other application classes). Only a class with a
 * non-empty plan reaches Byte Buddy, which describes it from its class file ({@code POOL_ONLY}: the
 * transformer never loads a class, so no class is loaded half-way and left unwoven) and applies
 * {@link SessionFieldWeaving} to its bytes ({@code DECORATE}: nothing is added or renamed, so the
 * same transformation also serves retransformation of loaded classes).
 */
public final class Weaver {

    private final AgentOptions options;
    private final Reporter reporter;
    private final TypePools pools = new TypePools();
    private final SessionFields sessionFields = new SessionFields(pools);
    /** The plan of the class this thread is weaving, from the planning step to Byte Buddy. */
    private final ThreadLocal<Weaving> current = new ThreadLocal<>();
    /** Declaring classes already warned of, so each is reported once. */
    private final Set<String> unwovenDeclaringClasses = ConcurrentHashMap.newKeySet();

    public Weaver(AgentOptions options, PrintStream out) {
        this.options = options;
        this.reporter = new Reporter(out, options.verbose());
    }

    /**
     * Registers the transformer (retransformation-capable) and retransforms the already loaded
     * classes that use session fields.
     */
    public ResettableClassFileTransformer installOn(Instrumentation instrumentation) {
        ResettableClassFileTransformer transformer = agentBuilder()
                .with((AgentBuilder.TransformerDecorator) PlanFirst::new)
                .installOn(instrumentation);
        reporter.installed(options);
        return transformer;
    }

    /** The transformer {@link #installOn} registers, not registered anywhere: for tests. */
    public ClassFileTransformer transformer() {
        return new PlanFirst((ResettableClassFileTransformer) agentBuilder().makeRaw());
    }

    private AgentBuilder agentBuilder() {
        avoidUnsafeInShadedByteBuddy();
        return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(reporter.forRetransformation())
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
                .with(pools)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(new AgentBuilder.Listener.Compound(reporter, new Outcome()))
                .ignore(this::ignores)
                .type(this::usesSessionFields)
                .transform(this::weave);
    }

    /**
     * The agent injects no classes, so its Byte Buddy needs no {@code sun.misc.Unsafe}; without
     * this, creating an {@link AgentBuilder} makes Java 24 and later print a deprecation warning at
     * every start. Only the shaded copy is told (its property name is relocated with it), never the
     * application's own Byte Buddy; a value the user set is kept.
     */
    private static void avoidUnsafeInShadedByteBuddy() {
        String byteBuddy = ByteBuddy.class.getPackageName();
        if (byteBuddy.startsWith("dev.weft.agent.") && System.getProperty(byteBuddy + ".safe") == null) {
            System.setProperty(byteBuddy + ".safe", "true");
        }
    }

    private boolean ignores(TypeDescription type, ClassLoader classLoader, JavaModule module,
            Class<?> classBeingRedefined, ProtectionDomain protectionDomain) {
        return classLoader == null || !options.weaves(type.getInternalName());
    }

    /**
     * While a class is woven, whether it is the planned class; while Byte Buddy looks for loaded
     * classes to retransform, whether that class's file uses session fields.
     */
    private boolean usesSessionFields(TypeDescription type, ClassLoader classLoader, JavaModule module,
            Class<?> classBeingRedefined, ProtectionDomain protectionDomain) {
        Weaving weaving = current.get();
        if (weaving != null) {
            return weaving.isOf(type);
        }
        if (classBeingRedefined == null) {
            return false;
        }
        try {
            ClassFileLocator.Resolution classFile = ClassFileLocator.ForClassLoader.of(classLoader)
                    .locate(classBeingRedefined.getName());
            // a class without a class file (a proxy, a generated class) was never compiled with session fields
            return classFile.isResolved() && !sessionFields.plan(classLoader, classFile.resolve(), true).isEmpty();
        } catch (IOException | RuntimeException | LinkageError e) {
            reporter.failed(type.getName(), true, e);
            return false;
        }
    }

    private DynamicType.Builder<?> weave(DynamicType.Builder<?> builder, TypeDescription type,
            ClassLoader classLoader, JavaModule module, ProtectionDomain protectionDomain) {
        Weaving weaving = current.get();
        if (weaving == null || !weaving.isOf(type)) {
            return builder;
        }
        return builder.visit(new SessionFieldWeaving(weaving.plan, fields -> weaving.fields = fields));
    }

    /** One class being woven on this thread. */
    private static final class Weaving {
        final WeavingPlan plan;
        Set<String> fields = Set.of();
        boolean reported;

        Weaving(WeavingPlan plan) {
            this.plan = plan;
        }

        boolean isOf(TypeDescription type) {
            return plan.className().equals(type.getInternalName());
        }
    }

    /** Notes that Byte Buddy reported the class (woven or failed), so a silent skip can be told apart. */
    private final class Outcome extends AgentBuilder.Listener.Adapter {
        @Override
        public void onTransformation(TypeDescription type, ClassLoader classLoader, JavaModule module,
                boolean loaded, DynamicType dynamicType) {
            markReported(type.getInternalName());
        }

        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                Throwable throwable) {
            markReported(typeName.replace('.', '/'));
        }

        private void markReported(String internalName) {
            Weaving weaving = current.get();
            if (weaving != null && weaving.plan.className().equals(internalName)) {
                weaving.reported = true;
            }
        }
    }

    private void warnOfUnwovenDeclaringClasses(String typeName, WeavingPlan plan) {
        for (WeavingPlan.SessionField field : plan.sessionFields()) {
            if (!options.weaves(field.declaringClass()) && unwovenDeclaringClasses.add(field.declaringClass())) {
                reporter.unwovenDeclaringClass(typeName, field.displayName());
            }
        }
    }

    /** Plans each class before Byte Buddy sees it; most classes end here. */
    private final class PlanFirst extends ResettableClassFileTransformer.WithDelegation {

        PlanFirst(ResettableClassFileTransformer byteBuddy) {
            super(byteBuddy);
        }

        @Override
        public byte[] transform(ClassLoader classLoader, String internalName, Class<?> classBeingRedefined,
                ProtectionDomain protectionDomain, byte[] classFile) throws IllegalClassFormatException {
            if (internalName == null || classLoader == null || !options.weaves(internalName)) {
                return null;
            }
            boolean loaded = classBeingRedefined != null;
            String typeName = internalName.replace('/', '.');
            WeavingPlan plan;
            try {
                plan = sessionFields.plan(classLoader, classFile, loaded);
            } catch (RuntimeException | LinkageError e) {
                reporter.failed(typeName, loaded, e);
                return null;
            }
            if (plan.isEmpty()) {
                return null;
            }
            warnOfUnwovenDeclaringClasses(typeName, plan);
            Weaving previous = current.get();
            Weaving weaving = new Weaving(plan);
            current.set(weaving);
            try {
                byte[] woven;
                try {
                    woven = classFileTransformer.transform(classLoader, internalName, classBeingRedefined,
                            protectionDomain, classFile);
                } catch (RuntimeException | LinkageError e) {
                    // Byte Buddy reports its failure to the listener, then rethrows it for the JVM
                    // to drop; a caller that is not the JVM gets the plain "not transformed" null.
                    if (!weaving.reported) {
                        reporter.failed(typeName, loaded, e);
                    }
                    return null;
                }
                if (woven != null) {
                    if (!plan.refusals().isEmpty()) {
                        reporter.refused(typeName, loaded, plan.refusals());
                    }
                    reporter.woven(typeName, loaded, weaving.fields);
                } else if (!weaving.reported) {
                    reporter.skipped(typeName, "Byte Buddy passed it over (was it loaded while another"
                            + " class was being transformed on the same thread?)");
                }
                return woven;
            } finally {
                if (previous == null) {
                    current.remove();
                } else {
                    current.set(previous);
                }
            }
        }
    }
}
