package dev.weft.store.hazelcast;

import com.hazelcast.query.extractor.ValueCollector;
import com.hazelcast.query.extractor.ValueExtractor;
import dev.weft.store.hazelcast.internal.StoredState;

/**
 * Lets Hazelcast index sessions by principal: extracts a live session's {@code @principal} entry
 * from its stored bytes as the attribute {@value #ATTRIBUTE} (ended sessions have none), so that
 * {@link HazelcastSessionStore#sessionsOf} is an indexed query and never lists a session that is
 * gone. {@link HazelcastSessionStore#startMember()} configures it; a member configured by hand
 * names it for the session map:
 * <pre>
 * hazelcast:
 *   map:
 *     weft.sessions:
 *       attributes:
 *         weftPrincipal:
 *           extractor-class-name: dev.weft.store.hazelcast.PrincipalExtractor
 *       indexes:
 *         - type: HASH
 *           attributes: [weftPrincipal]
 * </pre>
 */
public final class PrincipalExtractor implements ValueExtractor<Object, Object> {

    /** The name of the attribute the session map queries principals by. */
    public static final String ATTRIBUTE = "weftPrincipal";

    @Override
    public void extract(Object target, Object argument, ValueCollector<Object> collector) {
        String principal = StoredState.principal(target);
        if (principal != null) {
            collector.addObject(principal);
        }
    }
}
