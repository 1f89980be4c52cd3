package dev.weft.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;

/**
 * Whether the {@code SessionBridge} a class loader finds is the one woven code calls, as
 * OpenTelemetry's muzzle checks an instrumentation against the library it meets: the class file
 * {@code dev/weft/session/internal/SessionBridge.class}, read as a resource through the loader
 * (never loaded), must hold {@code VERSION =} {@value Bridge#VERSION}. Asked the first time a class
 * of a loader is woven; the answer is kept per loader, which the cache holds weakly.
 */
final class BridgeCheck {

    /** Guarded by itself. The answer per loader: why its classes cannot call the bridge, or "" if they can. */
    private final Map<ClassLoader, String> answers = new WeakHashMap<>();

    /**
     * Why code woven into a class of {@code loader} could not call the bridge it is woven for, as a
     * clause for a message that names both versions; or null if it can. No lock is held while the
     * class file is read (reading a resource may load classes, which pass through the transformer).
     */
    String problemIn(ClassLoader loader) {
        synchronized (answers) {
            String known = answers.get(loader);
            if (known != null) {
                return known.isEmpty() ? null : known;
            }
        }
        String problem = check(loader);
        synchronized (answers) {
            answers.put(loader, problem == null ? "" : problem);
        }
        return problem;
    }

    private static String check(ClassLoader loader) {
        byte[] classFile;
        try (InputStream in = loader.getResourceAsStream(Bridge.INTERNAL_NAME + ".class")) {
            if (in == null) {
                return "weft-runtime is not on the class path of " + loader + " (the agent weaves calls to its"
                        + " bridge, version " + Bridge.VERSION + ")";
            }
            classFile = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return "the bridge class of the weft-runtime on the class path of " + loader + " cannot be read (" + e + ")";
        }
        Object version;
        try {
            version = versionOf(classFile);
        } catch (RuntimeException e) {
            return "the bridge class of the weft-runtime on the class path of " + loader + " cannot be read (" + e + ")";
        }
        if (version == null) {
            return "the weft-runtime on the class path of " + loader + " has a bridge without a version, older than"
                    + " the bridge version " + Bridge.VERSION + " this agent weaves calls to; use a weft-agent and a"
                    + " weft-runtime of the same release";
        }
        if (!version.equals(Bridge.VERSION)) {
            return "the weft-runtime on the class path of " + loader + " has bridge version " + version
                    + ", but this agent weaves calls to bridge version " + Bridge.VERSION + "; use a weft-agent and a"
                    + " weft-runtime of the same release";
        }
        return null;
    }

    /** The value of the bridge class file's {@code static final VERSION} constant, or null if it has none. */
    private static Object versionOf(byte[] classFile) {
        Object[] version = new Object[1];
        ClassFileScan.structureReader(classFile).accept(new ClassVisitor(ClassFileScan.ASM_API) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                if (name.equals(Bridge.VERSION_FIELD) && descriptor.equals("I")) {
                    version[0] = value;
                }
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return version[0];
    }
}
