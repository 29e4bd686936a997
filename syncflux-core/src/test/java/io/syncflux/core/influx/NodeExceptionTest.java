package io.syncflux.core.influx;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NodeExceptionTest {
    @ParameterizedTest(name = "HTTP {0} on a write: retryable={1} rejected={2}")
    @CsvSource({"400,false,true", "401,false,true", "404,false,true", "413,false,true", "408,true,false",
            "429,true,false", "500,true,false", "503,true,false"})
    void aWriteAnswerIsRetryableOrARejectionByItsStatus(int status, boolean retryable, boolean rejected) {
        NodeException e = NodeException.answered("n1", NodeException.Request.WRITE, status,
                "write failed: HTTP " + status, null);

        assertThat(e.status()).isEqualTo(status);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.rejected()).isEqualTo(rejected);
        assertThat(e.getMessage()).isEqualTo("node n1: write failed: HTTP " + status);
    }

    @ParameterizedTest(name = "no answer: {0}")
    @CsvSource({"true", "false"})
    void aFailureWithoutAnAnswerIsNeverARejection(boolean retryable) {
        NodeException e = new NodeException("n1", NodeException.Request.QUERY, NodeException.Reason.UNREACHABLE,
                "connection refused", retryable, null);

        assertThat(e.status()).isZero();
        assertThat(e.rejected()).isFalse();
        assertThat(e.retryable()).isEqualTo(retryable);
    }
}
