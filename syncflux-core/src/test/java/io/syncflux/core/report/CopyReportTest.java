package io.syncflux.core.report;

import io.syncflux.core.api.TimeWindow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CopyReportTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    private static CopyReport report(CopyFailure... failures) {
        return new CopyReport(new TimeWindow(T, T.plusSeconds(3600)), List.of(), List.of(failures), List.of(),
                List.of(), Duration.ZERO, false);
    }

    private static CopyFailure failure(boolean rejected) {
        return new CopyFailure("db", "rp", "m", T, T.plusSeconds(60), "HTTP 400: partial write",
                rejected ? CopyFailure.Cause.REJECTED : CopyFailure.Cause.WRITE);
    }

    @Test
    void onlyRejectionsNeedsFailuresThatAreAllRejections() {
        assertThat(report().onlyRejections()).isFalse();
        assertThat(report(failure(true)).onlyRejections()).isTrue();
        assertThat(report(failure(true), failure(true)).onlyRejections()).isTrue();
        assertThat(report(failure(true), failure(false)).onlyRejections()).isFalse();
        assertThat(report(failure(false)).onlyRejections()).isFalse();
    }

    @Test
    void theSixArgumentFailureIsNotARejectionAndARejectionSaysSo() {
        CopyFailure old = new CopyFailure("db", "rp", "m", T, T.plusSeconds(60), "timed out");

        assertThat(old.rejected()).isFalse();
        assertThat(old.describe()).isEqualTo("db.rp.m [2024-01-01T00:00:00Z, 2024-01-01T00:01:00Z): timed out");
        assertThat(failure(true).describe()).endsWith("): rejected: HTTP 400: partial write");
    }
}
