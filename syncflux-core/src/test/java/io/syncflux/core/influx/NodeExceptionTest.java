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

    @ParameterizedTest(name = "{0} -> dropped {1}")
    @CsvSource(delimiter = '|', value = {
            "partial write: points beyond retention policy dropped=3 | 3",
            "partial write: field type conflict: input field \"v\" on measurement \"m\" is type integer, already exists as type float dropped=1 | 1",
            "partial write: max-series-per-database limit exceeded: (1000000) dropped=16377 | 16377",
            "partial write: max-values-per-tag limit exceeded (2/2): measurement=\"m\" tag=\"t\" value=\"c\" dropped=2 | 2",
            // influxd gives no number for lines it could not parse
            "partial write: unable to parse 'm v=': missing field value dropped=0 | -1",
            "database not found: \"x\" | -1",
            "partial write: dropped=12 but more follows | -1",
            "partial write: max-series-per-database limit exceeded: (10) dropped=99999999999999999999 | -1"})
    void aPartialWriteTellsHowManyPointsTheNodeDropped(String reason, long dropped) {
        NodeException e = NodeException.answered("n1", NodeException.Request.WRITE, 400,
                "write to db.rp failed: HTTP 400: " + reason, null);

        assertThat(e.dropped()).isEqualTo(dropped);
    }

    @ParameterizedTest(name = "{0} HTTP {1}")
    @CsvSource({"WRITE,500", "QUERY,400"})
    void onlyARefusedWriteHasDroppedPoints(NodeException.Request request, int status) {
        NodeException e = NodeException.answered("n1", request, status,
                "failed: HTTP " + status + ": partial write: points beyond retention policy dropped=3", null);

        assertThat(e.dropped()).isEqualTo(-1);
    }
}
