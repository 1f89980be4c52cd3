package dev.weft.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.session.SessionValueException;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/** The codec's shortcut for plain JSON strings gives exactly what Jackson gives, or leaves the text to Jackson. */
class ValueCodecTest {

    private static final ValueCodec JACKSON_ONLY = new ValueCodec(JsonMapper.builder().build());
    private static final JavaType STRING = ValueCodec.DEFAULT.type(String.class);

    @Test
    void everyStringDecodesAsJacksonDecodesIt() {
        for (String value : List.of("", "apple", "a b", "héllo wörld ✓", "😀 emoji", "quote \" inside",
                "back\\slash", "tab\there", "new\nline", "\u0001", "\u007f", "</script>", "null", " padded ")) {
            String text = ValueCodec.DEFAULT.encode("k", value);
            assertEquals(value, ValueCodec.DEFAULT.decode("k", text, STRING), text);
            assertEquals(JACKSON_ONLY.decode("k", text, STRING), ValueCodec.DEFAULT.decode("k", text, STRING), text);
        }
    }

    @Test
    void textTheShortcutDoesNotTakeGoesToJackson() {
        for (String text : List.of("null", " \"spaced\" ", "\"a\\u0041\"", "\"\\\"\"", "123")) {
            assertEquals(JACKSON_ONLY.decode("k", text, STRING), ValueCodec.DEFAULT.decode("k", text, STRING), text);
        }
        for (String text : List.of("\"raw\u0001control\"", "\"unterminated", "\"", "[1]")) {
            String jackson = assertThrows(SessionValueException.class, () -> JACKSON_ONLY.decode("k", text, STRING))
                    .getMessage();
            assertEquals(jackson, assertThrows(SessionValueException.class,
                    () -> ValueCodec.DEFAULT.decode("k", text, STRING)).getMessage(), text);
        }
    }
}
