package dev.weft.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentOptionsTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", ",", ",, ,"})
    void noOptionsAreTheDefaults(String arguments) {
        assertEquals(AgentOptions.defaults(), AgentOptions.parse(arguments));
    }

    @Test
    void defaultsWeaveApplicationClassesOnly() {
        AgentOptions options = AgentOptions.defaults();
        assertTrue(options.weaves("com/acme/Cart"));
        assertTrue(options.weaves("dev/weft/demo/Shop"));
        assertTrue(options.weaves("dev/weft/fixture/shop/Cart"));
        assertFalse(options.verbose());
        for (String never : new String[] {"java/util/List", "javax/net/SocketFactory", "jdk/internal/misc/Unsafe",
                "sun/misc/Unsafe", "com/sun/net/httpserver/Filter", "com/hazelcast/map/IMap",
                "net/bytebuddy/ByteBuddy", "tools/jackson/databind/JsonNode", "com/fasterxml/jackson/core/JsonParser",
                "dev/weft/agent/WeftAgent", "dev/weft/agent/shaded/bytebuddy/ByteBuddy",
                "dev/weft/session/internal/SessionBridge", "dev/weft/store/SessionKey",
                "dev/weft/http/SessionFilter", "dev/weft/annotation/SessionScoped"}) {
            assertFalse(options.weaves(never), never);
        }
    }

    @Test
    void includeNarrowsToPackagesAndTheirSubpackages() {
        AgentOptions options = AgentOptions.parse("include=com.acme:org.foo");
        assertTrue(options.weaves("com/acme/Cart"));
        assertTrue(options.weaves("com/acme/web/Page"));
        assertTrue(options.weaves("org/foo/Bar"));
        assertFalse(options.weaves("com/acmex/Cart"));
        assertFalse(options.weaves("net/other/Thing"));
    }

    @Test
    void excludeWinsOverInclude() {
        AgentOptions options = AgentOptions.parse("include=com.acme, exclude=com.acme.generated");
        assertTrue(options.weaves("com/acme/Cart"));
        assertFalse(options.weaves("com/acme/generated/Proxy"));
    }

    @Test
    void includeNeverReachesTheClassesThatAreNeverWoven() {
        assertFalse(AgentOptions.parse("include=java.util").weaves("java/util/ArrayList"));
        assertFalse(AgentOptions.parse("include=dev.weft").weaves("dev/weft/session/internal/SessionBridge"));
        assertTrue(AgentOptions.parse("include=dev.weft").weaves("dev/weft/demo/Shop"));
    }

    @Test
    void commasSeparateOptionsAndColonsSeparatePackages() {
        AgentOptions expected = AgentOptions.parse("include=com.acme,include=org.foo,exclude=com.acme.gen,verbose");
        assertEquals(expected, AgentOptions.parse("include=com.acme:org.foo,exclude=com.acme.gen,verbose"));
        assertEquals(expected, AgentOptions.parse(" verbose , include = com.acme : org.foo , exclude=com.acme.gen,"));
        assertTrue(expected.verbose());
        assertTrue(expected.weaves("org/foo/Bar"));
        assertFalse(expected.weaves("com/acme/gen/Proxy"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"verbos", "include", "include=", "include=com..acme", "include=com.acme.",
            "include=1com.acme", "include=com/acme", "color=blue", "com.acme", "verbose,com.acme", "exclude=,",
            "include=com.acme,=x", "include=com.acme,org.foo", "include=com.acme;verbose", "include=com.acme:",
            "verbose=true", "include=com.example,verbos"})
    void aMalformedOptionIsRefusedByName(String arguments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse(arguments));
        assertTrue(e.getMessage().startsWith("weft-agent: "), e.getMessage());
        assertTrue(e.getMessage().contains(" in '" + arguments + "'; expected include=<packages>, exclude=<packages>"
                + " or verbose, separated by ',', with packages separated by ':' (include=com.acme:org.foo,verbose)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "include=com.acme,colour=blue,verbose | unknown option 'colour=blue'",
        "include=com.example,verbos           | unknown option 'verbos'",
        "include=com.acme,org.foo             | unknown option 'org.foo'",
        "include=com.acme;verbose             | option 'include=com.acme;verbose': 'com.acme;verbose' is not a package name",
        "exclude=com.acme:                    | option 'exclude=com.acme:' has an empty package name",
        "include                              | option 'include' has no packages",
        "verbose=true                         | option 'verbose=true': verbose takes no value",
    })
    void theMessageNamesTheBadOption(String arguments, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse(arguments));
        assertTrue(e.getMessage().startsWith("weft-agent: " + problem + " in '" + arguments + "'; expected "),
                e.getMessage());
    }
}
