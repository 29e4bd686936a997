package io.syncflux.core.testing;

import io.syncflux.core.event.WorkUnit;
import io.syncflux.core.report.CopyFailure;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordingCopyListenerTest {
    private static final Instant T = Instant.parse("2024-03-01T00:00:00Z");
    private static final WorkUnit A = new WorkUnit("db", "rp", "a", T, T.plusSeconds(60), "db", "rp");
    private static final WorkUnit B = new WorkUnit("db", "rp", "b", T, T.plusSeconds(60), "db", "rp");

    @Test
    void eachStartWithOneEndPasses() {
        RecordingCopyListener r = new RecordingCopyListener();
        r.unitStarted(A);
        r.unitStarted(B);
        r.unitFinished(B, 3);
        r.unitFailed(A, "boom");
        // a later copy of the same window starts the unit again
        r.unitStarted(A);
        r.unitFinished(A, 1);
        assertThat(r.assertEachUnitEndedOnce().started()).containsExactly(A, B, A);
        assertThat(r.finished()).containsExactly(B, A);
        assertThat(r.failed()).containsExactly(A);
    }

    @Test
    void aStartWithoutAnEndFails() {
        RecordingCopyListener r = new RecordingCopyListener();
        r.unitStarted(A);
        r.unitStarted(B);
        r.unitFinished(B, 3);
        assertThatThrownBy(r::assertEachUnitEndedOnce).isInstanceOf(AssertionError.class)
                .hasMessageContaining("started, never ended: " + A.describe())
                .hasMessageNotContaining(B.describe());
    }

    @Test
    void aSecondEndFails() {
        RecordingCopyListener r = new RecordingCopyListener();
        r.unitStarted(A);
        r.unitFinished(A, 3);
        r.unitFailed(A, "late");
        assertThatThrownBy(r::assertEachUnitEndedOnce).isInstanceOf(AssertionError.class)
                .hasMessageContaining("ended twice, again failed (late): " + A.describe());
    }

    @Test
    void anEndWithoutAStartFails() {
        RecordingCopyListener r = new RecordingCopyListener();
        r.unitFinished(A, 0);
        assertThatThrownBy(r::assertEachUnitEndedOnce).isInstanceOf(AssertionError.class)
                .hasMessageContaining("finished without a start: " + A.describe());
    }

    @Test
    void aSecondStartBeforeTheEndFails() {
        RecordingCopyListener r = new RecordingCopyListener();
        r.unitStarted(A);
        r.unitStarted(A);
        r.unitFinished(A, 0);
        assertThatThrownBy(r::assertEachUnitEndedOnce).isInstanceOf(AssertionError.class)
                .hasMessageContaining("started again before it ended: " + A.describe());
    }

    @Test
    void writesRetriesAndSupersededPointsAreKept() {
        RecordingCopyListener r = new RecordingCopyListener();
        r.pointsWritten(A, 100, 1000);
        r.pointsWritten(A, 50, 400);
        r.pointsSuperseded(A, 100, 1000);
        r.retrying(A, 1, "HTTP 503", CopyFailure.Cause.WRITE);
        r.skipped("x", "", "does not exist");
        assertThat(r.written()).isEqualTo(150);
        assertThat(r.writtenBytes()).isEqualTo(1400);
        assertThat(r.superseded()).isEqualTo(100);
        assertThat(r.supersededBytes()).isEqualTo(1000);
        assertThat(r.total()).isEqualTo(50);
        assertThat(r.writes()).extracting(RecordingCopyListener.Write::points).containsExactly(100L, 50L);
        assertThat(r.retries()).singleElement().isEqualTo(
                new RecordingCopyListener.Retry(A, 1, "HTTP 503", CopyFailure.Cause.WRITE));
        assertThat(r.skipped()).containsExactly("x:does not exist");
    }
}
