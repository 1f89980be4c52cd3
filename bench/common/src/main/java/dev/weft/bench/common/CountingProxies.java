package dev.weft.bench.common;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * Maps that count every data operation ({@link OpCounter}): a {@link HazelcastInstance} whose maps
 * count, for code that gets its map from the instance (Spring Session's repository), and a counting
 * {@link IMap} (for a map handed over directly). A reflective call costs well under a microsecond,
 * against the tens of microseconds of a map operation.
 */
public final class CountingProxies {

    /** IMap methods that are not a data operation on an entry. */
    private static final Set<String> NOT_COUNTED = Set.of("getName", "getServiceName", "getPartitionKey",
            "addEntryListener", "removeEntryListener", "getLocalMapStats", "toString", "hashCode", "equals",
            "destroy");

    private CountingProxies() {
    }

    /** {@code hazelcast}, whose {@code getMap} answers counting views ({@link #countingMap}) of its maps. */
    public static HazelcastInstance counting(HazelcastInstance hazelcast) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result = invoke(hazelcast, method, args);
            if (method.getName().equals("getMap")) {
                return countingMap((IMap<?, ?>) result);
            }
            return result;
        };
        return (HazelcastInstance) Proxy.newProxyInstance(CountingProxies.class.getClassLoader(),
                new Class<?>[] {HazelcastInstance.class}, handler);
    }

    /** A view of {@code map} that counts every data operation on an entry. */
    public static IMap<?, ?> countingMap(IMap<?, ?> map) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (!NOT_COUNTED.contains(method.getName())) {
                OpCounter.count();
            }
            return invoke(map, method, args);
        };
        return (IMap<?, ?>) Proxy.newProxyInstance(CountingProxies.class.getClassLoader(),
                new Class<?>[] {IMap.class}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
