package io.syncflux.core.pipeline;

import io.syncflux.core.api.CopyOrder;
import io.syncflux.core.api.TimeWindow;
import io.syncflux.core.influx.ShardGroup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkPlanTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    static Instant h(double hours) {
        return T0.plus(Duration.ofMinutes((long) (hours * 60)));
    }

    static ShardGroup group(double from, double to) {
        return new ShardGroup(1, "db", "rp", h(from), h(to));
    }

    @Test
    void chunksAreContiguousHalfOpenAndCoverTheWindowExactly() {
        TimeWindow w = new TimeWindow(h(0), h(5.5));
        List<TimeWindow> chunks = ChunkPlan.chunks(w, Duration.ofHours(1), List.of(group(-100, 100)), CopyOrder.FORWARD);
        assertThat(chunks).hasSize(6);
        assertThat(chunks.get(0).start()).isEqualTo(w.start());
        assertThat(chunks.get(5).end()).isEqualTo(w.end());
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).start()).isEqualTo(chunks.get(i - 1).end());
        }
    }

    @Test
    void cutsAtShardGroupBoundariesAndSkipsTimeWithoutShards() {
        TimeWindow w = new TimeWindow(h(0), h(4));
        // shards cover [0.5, 1.5) and [1.5, 2.25); nothing after 2.25
        List<TimeWindow> chunks = ChunkPlan.chunks(w, Duration.ofHours(1), List.of(group(0.5, 1.5), group(1.5, 2.25)),
                CopyOrder.FORWARD);
        assertThat(chunks).containsExactly(
                new TimeWindow(h(0.5), h(1)),
                new TimeWindow(h(1), h(1.5)),
                new TimeWindow(h(1.5), h(2)),
                new TimeWindow(h(2), h(2.25)));
    }

    @Test
    void backwardIsNewestFirst() {
        List<TimeWindow> chunks = ChunkPlan.chunks(new TimeWindow(h(0), h(3)), Duration.ofHours(1),
                List.of(group(-1, 10)), CopyOrder.BACKWARD);
        assertThat(chunks).extracting(TimeWindow::start).containsExactly(h(2), h(1), h(0));
    }

    @Test
    @org.junit.jupiter.api.Timeout(5)
    void aWindowReachingCenturiesAheadCostsOnlyTheChunksWhereShardsAre() {
        TimeWindow w = new TimeWindow(h(-1), Instant.parse("5138-11-16T09:46:39Z"));
        List<TimeWindow> chunks = ChunkPlan.chunks(w, Duration.ofMinutes(1), List.of(group(-1, 1)), CopyOrder.FORWARD);
        assertThat(chunks).hasSize(120);
        assertThat(chunks.get(0)).isEqualTo(new TimeWindow(h(-1), h(-1).plusSeconds(60)));
        assertThat(chunks.get(119).end()).isEqualTo(h(1));
    }

    @Test
    @org.junit.jupiter.api.Timeout(5)
    void chunksStayAlignedToTheWindowStartInsideEachShardGroup() {
        TimeWindow w = new TimeWindow(h(0), h(1000));
        List<TimeWindow> chunks = ChunkPlan.chunks(w, Duration.ofMinutes(40), List.of(group(500.5, 501.5)),
                CopyOrder.FORWARD);
        // boundaries at multiples of 40 minutes from the window start: 500h40m and 501h20m
        assertThat(chunks).containsExactly(
                new TimeWindow(h(500.5), h(500).plus(Duration.ofMinutes(40))),
                new TimeWindow(h(500).plus(Duration.ofMinutes(40)), h(501).plus(Duration.ofMinutes(20))),
                new TimeWindow(h(501).plus(Duration.ofMinutes(20)), h(501.5)));
    }

    @Test
    @org.junit.jupiter.api.Timeout(5)
    void aPlanOfMoreThanAMillionChunksIsRefusedBeforeItIsBuilt() {
        TimeWindow w = new TimeWindow(h(0), h(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChunkPlan.chunks(w, Duration.ofNanos(1),
                        List.of(group(-1, 2)), CopyOrder.FORWARD))
                .isInstanceOf(io.syncflux.core.api.SyncfluxException.class)
                .hasMessageContaining("3600000000000 chunks").hasMessageContaining("1ns")
                .hasMessageContaining("longer chunk");
        assertThat(ChunkPlan.chunks(w, Duration.ofNanos(3_600_000), List.of(group(-1, 2)), CopyOrder.FORWARD))
                .hasSize(ChunkPlan.MAX_CHUNKS);
    }

    @Test
    void splitMakesTenContiguousPartsOrFewerForTinyRanges() {
        List<TimeWindow> parts = ChunkPlan.split(new TimeWindow(h(0), h(1)), 10);
        assertThat(parts).hasSize(10);
        assertThat(parts.get(0).start()).isEqualTo(h(0));
        assertThat(parts.get(9).end()).isEqualTo(h(1));
        assertThat(parts).allMatch(p -> p.length().equals(Duration.ofMinutes(6)));
        assertThat(ChunkPlan.split(new TimeWindow(T0, T0.plusNanos(3)), 10)).hasSize(3);
    }

    @Test
    void readRunsKeepTheOrderAndEndAtAShardGroupOrTheSpanForwardAndBackward() {
        List<ShardGroup> groups = List.of(new ShardGroup(1, "db", "rp", h(0), h(3)), new ShardGroup(2, "db", "rp", h(3), h(9)));
        List<TimeWindow> forward = ChunkPlan.chunks(new TimeWindow(h(0), h(9)), Duration.ofHours(1), groups,
                CopyOrder.FORWARD);
        java.util.function.BiPredicate<TimeWindow, TimeWindow> sameGroup =
                (a, b) -> ChunkPlan.groupOf(a, groups) == ChunkPlan.groupOf(b, groups);
        List<List<TimeWindow>> runs = ChunkPlan.readRuns(forward, sameGroup, TimeWindow::start, TimeWindow::end,
                Duration.ofHours(4));
        assertThat(runs).extracting(List::size).containsExactly(3, 4, 2);
        assertThat(runs.get(1).get(0)).isEqualTo(new TimeWindow(h(3), h(4)));
        List<TimeWindow> backward = ChunkPlan.chunks(new TimeWindow(h(0), h(9)), Duration.ofHours(1), groups,
                CopyOrder.BACKWARD);
        List<List<TimeWindow>> back = ChunkPlan.readRuns(backward, sameGroup, TimeWindow::start, TimeWindow::end,
                Duration.ofHours(4));
        assertThat(back).extracting(List::size).containsExactly(4, 2, 3);
        assertThat(back.get(0).get(0)).isEqualTo(new TimeWindow(h(8), h(9)));
        // a span no longer than the chunk reads each chunk alone
        assertThat(ChunkPlan.readRuns(forward, sameGroup, TimeWindow::start, TimeWindow::end, Duration.ofHours(1)))
                .hasSize(9);
    }
}
