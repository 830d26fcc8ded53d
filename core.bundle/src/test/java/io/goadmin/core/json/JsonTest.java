package io.goadmin.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.goadmin.core.ValidationException;

class JsonTest {

    @Test
    void redactsSecretsAtAnyDepthAndKeepsTheRest() {
        String payload = Json.redactedPayload(Map.of(
                "older_than", "7d",
                "password", "hunter2",
                "bot", Map.of("api_token", "123:abc", "name", "ops"),
                "list", List.of(Map.of("client_secret", "s"))));

        assertThat(payload)
                .doesNotContain("hunter2", "123:abc", "\"s\"")
                .contains("\"older_than\":\"7d\"", "\"password\":\"***\"", "\"api_token\":\"***\"",
                        "\"name\":\"ops\"", "\"client_secret\":\"***\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "PASSWD", "db_pass", "dbPassword", "passphrase", "pwd", "token", "AccessToken",
        "api-token", "X-Auth-Token", "secret", "client_secret", "ssh_key", "apiKey", "APIKey", "api_key", "apikey",
        "x-api-key", "private_key", "privateKey", "aws_access_key", "credential", "credentials", "authorization",
        "Authorization", "auth", "basic_auth", "cookie", "Set-Cookie"})
    void recognisesSecretNames(String name) {
        assertThat(Json.isSecretName(name)).as(name).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"module", "older_than", "dry_run", "file", "subject", "key", "KEY", "monkey", "keyboard",
        "hotkey", "key_count", "author", "authors", "oauthor", "passive", "compass", "bypass", "since", "limit"})
    void leavesOrdinaryNamesAlone(String name) {
        assertThat(Json.isSecretName(name)).as(name).isFalse();
    }

    @Test
    void aQueryByKeyKeepsItsKey() {
        assertThat(Json.redactedPayload(Map.of("module", "cpu", "key", "usage")))
                .contains("\"key\":\"usage\"").doesNotContain(Json.REDACTED);
    }

    @Test
    void readsTagMapsBack() {
        assertThat(Json.readStringMap(Json.write(Map.of("cpu", "cpu0")))).containsEntry("cpu", "cpu0");
    }

    @Test
    void writesAFlatMapAsTheMapperWould() throws Exception {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", "q\"uo\\te\n\u0001 ünï");
        map.put("count", 42);
        map.put("bytes", 9_000_000_000L);
        map.put("ratio", 0.1 + 0.2);
        map.put("whole", 3.0);
        map.put("complete", true);
        map.put("missing", null);

        assertThat(Json.write(map)).isEqualTo(new ObjectMapper().writeValueAsString(map));
        assertThat(Json.write(new TreeMap<>(Map.of("b", "2", "a", "1")))).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
        assertThat(Json.write(Map.of())).isEqualTo("{}");
    }

    @Test
    void writesNestedMapsListsAndObjects() {
        assertThat(Json.write(Map.of("nested", Map.of("a", 1)))).isEqualTo("{\"nested\":{\"a\":1}}");
        assertThat(Json.write(List.of("a", 1))).isEqualTo("[\"a\",1]");
        assertThat(Json.write(List.of(new Login("ops", "pw")))).isEqualTo("[{\"user\":\"ops\",\"password\":\"pw\"}]");
    }

    record Login(String user, String password) {
    }

    @Test
    void redactsWhatIsNotPlainThroughTheMapperTheSameWay() {
        Map<String, Object> login = new LinkedHashMap<>();
        login.put("user", "ops");
        login.put("password", "hunter2");
        String expected = "{\"login\":{\"user\":\"ops\",\"password\":\"***\"}}";

        assertThat(Json.redactedPayload(Map.of("login", new Login("ops", "hunter2")))).isEqualTo(expected);
        assertThat(Json.redactedPayload(Map.of("login", login))).isEqualTo(expected);
    }

    @Test
    void checksAPayloadAndGivesItBackCompact() {
        assertThat(Json.validatePayload(" { \"a\" : [ 1, 2.5, \"x\" ] , \"b\" : { } , \"c\": null } "))
                .isEqualTo("{\"a\":[1,2.5,\"x\"],\"b\":{},\"c\":null}");
        assertThatThrownBy(() -> Json.validatePayload("[1,")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> Json.validatePayload("{\"a\":1} {}")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> Json.validatePayload("[1]")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("must be a JSON object");
        for (String broken : List.of("\"abc", "\"a\\q\"", "1 2", "[1] x", "null x", "\"a\" }")) {
            assertThatThrownBy(() -> Json.validatePayload(broken)).as(broken).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("not well-formed");
        }
        assertThatThrownBy(() -> Json.validatePayload("  ")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("must be a JSON object");
    }

    @Test
    void keepsTheLastValueOfANameGivenTwiceInAPayload() {
        assertThat(Json.validatePayload("{\"a\":1,\"b\":{\"c\":1,\"c\":2},\"a\":3}"))
                .isEqualTo("{\"a\":3,\"b\":{\"c\":2}}");
        assertThat(Json.validatePayload("{\"a\":{\"c\":1},\"b\":{\"c\":2}}"))
                .isEqualTo("{\"a\":{\"c\":1},\"b\":{\"c\":2}}");
    }

    @Test
    void readsAStringMapAsTheTreeWould() {
        assertThat(Json.readStringMap("{\"a\":\"x\",\"n\":7,\"f\":1.50,\"t\":true,\"z\":null,\"o\":{\"p\":[1]},\"a\":\"y\"}"))
                .containsExactly(Map.entry("a", "y"), Map.entry("n", "7"), Map.entry("f", "1.5"),
                        Map.entry("t", "true"), Map.entry("z", "null"), Map.entry("o", ""));
        assertThat(Json.readStringMap("[1, {\"a\": 2}]")).isEmpty();
        assertThat(Json.readStringMap("")).isEmpty();
    }

    @Test
    void refusesStoredTagsThatAreNotWellFormed() {
        assertThatThrownBy(() -> Json.readStringMap("{\"a\":")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.readStringMap("{\"a\":\"b\"} {}")).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The daemon writes tags and audit payloads and reads tags back on every poll and query; databind must load
     * only when a command reads or writes a tree or an object. Json is loaded afresh, in a class loader of its own, to see what
     * it pulls in.
     */
    @Test
    void writingAndReadingPlainValuesDoesNotLoadDatabindButAnObjectDoes() throws Throwable {
        URL[] classPath = {location(Json.class), location(JsonFactory.class), location(ObjectMapper.class),
            location(JsonInclude.class)};
        try (SeenClassLoader loader = new SeenClassLoader(classPath)) {
            Class<?> json = loader.loadClass(Json.class.getName());
            // Method handles, not getMethod: reflection would load every public method's types, JsonNode among them.
            MethodHandle write = stringMethod(json, "write", Object.class);
            MethodHandle readStringMap = MethodHandles.publicLookup().findStatic(json, "readStringMap",
                    MethodType.methodType(Map.class, String.class));
            MethodHandle redactedPayload = stringMethod(json, "redactedPayload", Map.class);
            MethodHandle validatePayload = stringMethod(json, "validatePayload", String.class);

            readStringMap.invoke((String) write.invoke((Object) Map.of("cpu", "cpu0", "count", 1L)));
            validatePayload.invoke((String) redactedPayload.invoke(Map.of("token", "t", "pid", 7)));
            assertThat(loader.requested).filteredOn(name -> name.startsWith(DATABIND)).isEmpty();
            assertThat(loader.requested).contains(JsonFactory.class.getName());

            stringMethod(json, "write", Object.class).invoke((Object) List.of(new Login("ops", "pw")));
            assertThat(loader.requested).contains(ObjectMapper.class.getName(), JsonNode.class.getName());
        }
    }

    private static MethodHandle stringMethod(Class<?> type, String name, Class<?> parameter) throws Exception {
        return MethodHandles.publicLookup().findStatic(type, name, MethodType.methodType(String.class, parameter));
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    private static final String DATABIND = "com.fasterxml.jackson.databind.";

    /** Every class the JVM asks it for: all of Json's, Jackson's and ours, since its parent has none of them. */
    private static final class SeenClassLoader extends URLClassLoader {
        final Set<String> requested = ConcurrentHashMap.newKeySet();

        SeenClassLoader(URL[] classPath) {
            super(classPath, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
        }
    }
}
