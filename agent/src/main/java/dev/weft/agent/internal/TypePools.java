package dev.weft.agent.internal;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Type pools that describe classes from their class files, never by loading them, with one cache
 * per class loader. Byte Buddy's transformer and {@link SessionFields} share the caches, so a
 * class file is parsed (without its code) at most once per loader while it stays cached.
 */
final class TypePools extends AgentBuilder.PoolStrategy.WithTypePoolCache {

    private final Map<ClassLoader, TypePool.CacheProvider> caches = Collections.synchronizedMap(new WeakHashMap<>());
    private final TypePool.CacheProvider bootCache = new TypePool.CacheProvider.Simple.UsingSoftReference();

    TypePools() {
        super(TypePool.Default.ReaderMode.FAST);
    }

    @Override
    protected TypePool.CacheProvider locate(ClassLoader classLoader) {
        return classLoader == null
                ? bootCache
                : caches.computeIfAbsent(classLoader, loader -> new TypePool.CacheProvider.Simple.UsingSoftReference());
    }

    /**
     * A pool for planning the class {@code internalName} whose bytes are {@code classFile}: that
     * class is described from these bytes (and not cached), every other class from its loader.
     */
    TypePool forClass(ClassLoader classLoader, String internalName, byte[] classFile) {
        String binaryName = internalName.replace('/', '.');
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(binaryName, classFile),
                ClassFileLocator.ForClassLoader.of(classLoader));
        return typePool(locator, classLoader, binaryName);
    }
}
