package io.goadmin.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
}
