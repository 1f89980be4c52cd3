package dev.weft.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ClassInfo}s read from the class files a class loader finds ({@code
 * getResourceAsStream("com/acme/Cart.class")}), never by loading a class, with one cache per class
 * loader: each class file is parsed (without its code) at most once per loader while it stays
 * cached. The caches hold no loader strongly and are softly reachable, so neither class loaders nor
 * memory are kept from the garbage collector. JDK classes ({@code java/...}, defined only by the
 * JDK's own loaders) are read through the system class loader and cached once for all loaders.
 */
final class ClassInfos {

    /** Guarded by itself; a null key (the JDK's classes) is never cleared. */
    private final Map<ClassLoader, SoftReference<Map<String, Optional<ClassInfo>>>> caches = new WeakHashMap<>();

    /**
     * The class {@code internalName} as {@code classLoader} finds it, or null if it finds no class
     * file for it. Safe for concurrent and reentrant use (reading a resource may load classes, which
     * pass through the agent's transformer on the same thread); no lock is held while reading.
     *
     * @throws UncheckedIOException if the class file cannot be read
     * @throws IllegalArgumentException or another runtime exception if it is not a class file
     */
    ClassInfo find(ClassLoader classLoader, String internalName) {
        ClassLoader loader = internalName.startsWith("java/") ? null : classLoader;
        Map<String, Optional<ClassInfo>> cache = cacheOf(loader);
        Optional<ClassInfo> info = cache.get(internalName);
        if (info == null) {
            byte[] classFile = read(loader, internalName.concat(".class"));
            info = classFile == null ? Optional.empty() : Optional.of(ClassInfo.of(classFile));
            Optional<ClassInfo> raced = cache.putIfAbsent(internalName, info);
            if (raced != null) {
                info = raced;
            }
        }
        return info.orElse(null);
    }

    private Map<String, Optional<ClassInfo>> cacheOf(ClassLoader loader) {
        synchronized (caches) {
            SoftReference<Map<String, Optional<ClassInfo>>> reference = caches.get(loader);
            Map<String, Optional<ClassInfo>> cache = reference == null ? null : reference.get();
            if (cache == null) {
                cache = new ConcurrentHashMap<>();
                caches.put(loader, new SoftReference<>(cache));
            }
            return cache;
        }
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
