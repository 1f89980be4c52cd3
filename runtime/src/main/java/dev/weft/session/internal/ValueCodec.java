package dev.weft.session.internal;

import dev.weft.session.SessionValueException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns session values into JSON text and back (Jackson 3), so stores and cluster members never
 * need the application's classes. Decoding uses the full generic type of the field
 * ({@code List<Item>}, {@code Map<String, Integer>}, records, enums, {@code java.time}).
 *
 * <p>Failures are reported without the text or the value: Jackson's messages quote the input,
 * and a session's values are the user's data. A {@link SessionValueException} names the state
 * key, the type and the kind of problem (and where in the text it is), and has no cause.
 */
public final class ValueCodec {

    /** The codec of sessions built without a mapper of their own. */
    public static final ValueCodec DEFAULT = new ValueCodec(JsonMapper.builder().build(), true);

    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Boolean.class, Character.class,
            Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class,
            BigInteger.class, BigDecimal.class, UUID.class);

    private final JsonMapper mapper;
    /**
     * Whether a JSON string with nothing to unescape decodes into a {@code String} without a
     * parser: exactly what Jackson's default mapper makes of it, and the commonest session value.
     * Only for Weft's own mapper: an application's may treat strings its own way.
     */
    private final boolean plainStrings;

    public ValueCodec(JsonMapper mapper) {
        this(mapper, false);
    }

    private ValueCodec(JsonMapper mapper, boolean plainStrings) {
        this.mapper = mapper;
        this.plainStrings = plainStrings;
    }

    /** The codec's view of a (generic) Java type. */
    public JavaType type(Type type) {
        return mapper.getTypeFactory().constructType(type);
    }

    /**
     * Encodes a value as JSON text.
     *
     * @throws SessionValueException naming {@code key} and the value's type if it has no JSON form
     */
    public String encode(String key, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new SessionValueException("session value '" + key + "' of type " + value.getClass().getName()
                    + " cannot be encoded as JSON: " + reason(e), null);
        }
    }

    /**
     * Decodes JSON text into {@code type}.
     *
     * @throws SessionValueException naming {@code key} and {@code type} if the text does not fit
     */
    public Object decode(String key, String text, JavaType type) {
        if (plainStrings && type.getRawClass() == String.class) {
            String plain = plainString(text);
            if (plain != null) {
                return plain;
            }
        }
        try {
            Object value = mapper.readValue(text, type);
            if (value == null && type.isPrimitive()) {
                throw new SessionValueException("session value '" + key + "' cannot be decoded as "
                        + type.toCanonical() + ": it is null", null);
            }
            return value;
        } catch (JacksonException | IllegalArgumentException e) {
            throw new SessionValueException("session value '" + key + "' cannot be decoded as "
                    + type.toCanonical() + ": " + reason(e), null);
        }
    }

    /** The string a JSON string literal stands for, if it has no escape; else null (let Jackson parse it). */
    private static String plainString(String text) {
        int last = text.length() - 1;
        if (last < 1 || text.charAt(0) != '"' || text.charAt(last) != '"') {
            return null;
        }
        for (int i = 1; i < last; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                return null;
            }
        }
        return text.substring(1, last);
    }

    /**
     * Whether values of {@code type} can never change after they are made, so a value read from
     * the session needs no re-encoding at commit to find in-place changes, and a default needs no copy.
     */
    public static boolean isImmutable(Class<?> type) {
        return type.isPrimitive() || type.isEnum() || IMMUTABLE.contains(type)
                || (type.getPackageName().equals("java.time") && !type.isInterface()
                        && java.lang.reflect.Modifier.isFinal(type.getModifiers()));
    }

    /** What went wrong, without the input: the kind of failure and, for a parse, where. */
    private static String reason(RuntimeException e) {
        if (!(e instanceof JacksonException jackson)) {
            return e.getClass().getSimpleName();
        }
        TokenStreamLocation location = jackson.getLocation();
        return jackson.getClass().getSimpleName()
                + (location == null || location.getLineNr() < 0 ? ""
                        : " at line " + location.getLineNr() + ", column " + location.getColumnNr());
    }
}
