package io.goadmin.shell.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ProtocolTest {

    @Test
    void argumentsSurviveTheRoundTripWhateverTheyContain() {
        List<String> argv = List.of("query", "disk", "--tag", "mount=/var/my files", "", "100%+ü", "a\nb");

        String line = Protocol.encodeRequest(argv);

        assertThat(line).startsWith("goadmin/1 query disk --tag ").doesNotContain("\n");
        assertThat(Protocol.decodeRequest(line)).isEqualTo(argv);
        assertThat(Protocol.decodeRequest(Protocol.encodeRequest(List.of()))).isEmpty();
    }

    @Test
    void anythingElseIsRejected() {
        assertThatThrownBy(() -> Protocol.decodeRequest("GET / HTTP/1.1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Protocol.decodeRequest("goadmin/10 status")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Protocol.decodeRequest("goadmin/1 %zz")).isInstanceOf(IllegalArgumentException.class);
    }
}
