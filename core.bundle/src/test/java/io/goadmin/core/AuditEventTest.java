package io.goadmin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditEventTest {

    private static AuditEvent event(String subject, String status, String requestId, String payload) {
        return new AuditEvent(1L, subject, "purge", AuditEvent.SOURCE_CLI, status, requestId, payload);
    }

    @Test
    void acceptsAWellFormedEventAndCompactsItsPayload() {
        AuditEvent event = event("uid:1000(alice)", "ok", "r-1", "{ \"older_than\" : \"7d\" }");

        assertThat(event.payloadJson()).isEqualTo("{\"older_than\":\"7d\"}");
    }

    @Test
    void aMissingPayloadIsAnEmptyObject() {
        assertThat(event("alice", "ok", "r1", null).payloadJson()).isEqualTo("{}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "1", "\"text\"", "null", "{", "{\"a\":1} trailing", "{'a':1}", "{\"a\":1}{\"b\":2}"})
    void rejectsPayloadsThatAreNotOneJsonObject(String payload) {
        assertThatThrownBy(() -> event("alice", "ok", "r1", payload))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("audit payload");
    }

    @Test
    void rejectsDeeplyNestedPayloads() {
        String deep = "{\"a\":".repeat(9) + "1" + "}".repeat(9);
        assertThatThrownBy(() -> event("alice", "ok", "r1", deep))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("nested deeper than 8");
    }

    @Test
    void rejectsPathologicallyNestedPayloadsWithoutBlowingTheStack() {
        String deep = "[".repeat(100_000);
        assertThatThrownBy(() -> event("alice", "ok", "r1", "{\"a\":" + deep.substring(0, 15_000) + "}"))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void rejectsOversizedPayloads() {
        String big = "{\"a\":\"" + "x".repeat(Validation.PAYLOAD_MAX_BYTES) + "\"}";
        assertThatThrownBy(() -> event("alice", "ok", "r1", big))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("larger than 16384 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "OK", "success", "denied "})
    void rejectsUnknownStatuses(String status) {
        assertThatThrownBy(() -> event("alice", status, "r1", "{}")).isInstanceOf(ValidationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "semi;colon", "x\n"})
    void rejectsMalformedRequestIds(String id) {
        assertThatThrownBy(() -> event("alice", "ok", id, "{}")).isInstanceOf(ValidationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice\u202E(nimda)", "alice\u2028forged log line", "ali\u200Dce", "alice\uDBFF"})
    void rejectsSubjectsWithHiddenCharacters(String subject) {
        assertThatThrownBy(() -> event(subject, "ok", "r1", "{}")).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("audit subject").hasMessageContaining("it contains");
        assertThatThrownBy(() -> new AuditQuery(subject, null, 0, 10)).isInstanceOf(ValidationException.class);
    }

    @Test
    void rejectsSubjectsWithControlCharactersOrTooLong() {
        assertThatThrownBy(() -> event("alice\r\nforged log line", "ok", "r1", "{}"))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> event("a".repeat(129), "ok", "r1", "{}")).isInstanceOf(ValidationException.class);
    }
}
