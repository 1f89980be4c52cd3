package dev.weft.agent.testing;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.util.function.UnaryOperator;

/**
 * Loads the test fixtures ({@code dev.weft.fixture..}) itself, passing each class file through a
 * transformer as the JVM would, so a test runs woven code without installing an agent. Everything
 * else (the runtime, the annotation, the JDK) comes from the parent.
 */
public final class WovenClassLoader extends ClassLoader {

    private static final String FIXTURES = "dev.weft.fixture.";

    private final ClassFileTransformer transformer;
    private final UnaryOperator<byte[]> beforeWeaving;

    public WovenClassLoader(ClassFileTransformer transformer) {
        this(transformer, UnaryOperator.identity());
    }

    /** @param beforeWeaving changes each fixture class file before it is woven (e.g. its version) */
    public WovenClassLoader(ClassFileTransformer transformer, UnaryOperator<byte[]> beforeWeaving) {
        super("woven", WovenClassLoader.class.getClassLoader());
        this.transformer = transformer;
        this.beforeWeaving = beforeWeaving;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(FIXTURES)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                byte[] classFile = beforeWeaving.apply(ClassFiles.of(name));
                byte[] woven;
                try {
                    woven = transformer.transform(this, name.replace('.', '/'), null, null, classFile);
                } catch (IllegalClassFormatException e) {
                    throw new ClassNotFoundException(name, e);
                }
                byte[] defined = woven == null ? classFile : woven;
                loaded = defineClass(name, defined, 0, defined.length);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }
}
