package dev.weft.bench.load;

import com.hazelcast.core.HazelcastInstance;
import dev.weft.bench.Payload;
import dev.weft.bench.ShopState;
import dev.weft.bench.common.CountingProxies;
import java.time.Duration;
import java.time.Instant;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.hazelcast.Hazelcast4IndexedSessionRepository;

/**
 * Spring Session's Hazelcast repository ({@link Hazelcast4IndexedSessionRepository}, defaults:
 * flush on save, save on set-attribute, its entry listener registered by {@code init()} as Spring
 * does at start-up), driven as Spring's {@code SessionRepositoryFilter} drives it: {@code findById},
 * the attributes, {@code setLastAccessedTime(now)} on every request, {@code save}. Its map operations
 * are counted through {@link CountingProxies}.
 */
final class SpringSessionSystem implements SessionSystem {

    private final SessionRepository<Session> repository;
    private String[] ids;

    @SuppressWarnings({"unchecked", "rawtypes"})
    SpringSessionSystem(HazelcastInstance hazelcast, Duration ttl) {
        Hazelcast4IndexedSessionRepository spring =
                new Hazelcast4IndexedSessionRepository(CountingProxies.counting(hazelcast));
        spring.setDefaultMaxInactiveInterval((int) ttl.getSeconds());
        spring.init();
        this.repository = (SessionRepository) spring;
    }

    @Override
    public String name() {
        return "spring";
    }

    @Override
    public String description() {
        return "Spring Session 2.7.4 Hazelcast4IndexedSessionRepository: findById, getAttribute x3,"
                + " setAttribute on writes, setLastAccessedTime(now), save";
    }

    @Override
    public void populate(int count) throws Exception {
        String[] made = new String[count];
        Populator.threads(count, i -> {
            Session session = repository.createSession();
            session.setAttribute(ShopState.PROFILE, Payload.PROFILE);
            session.setAttribute(ShopState.CART, Payload.CART);
            session.setAttribute(ShopState.PREFS, Payload.PREFS);
            repository.save(session);
            made[i] = session.getId();
        });
        ids = made;
    }

    @Override
    public int request(int index, boolean write) {
        Session session = repository.findById(ids[index]);
        if (session == null) {
            throw new IllegalStateException("session " + index + " was not found");
        }
        String profile = session.getAttribute(ShopState.PROFILE);
        String cart = session.getAttribute(ShopState.CART);
        String prefs = session.getAttribute(ShopState.PREFS);
        int read = profile.length() + cart.length() + prefs.length();
        if (write) {
            session.setAttribute(ShopState.CART, Payload.nextCart(cart));
        }
        session.setLastAccessedTime(Instant.now());
        repository.save(session);
        return read;
    }
}
