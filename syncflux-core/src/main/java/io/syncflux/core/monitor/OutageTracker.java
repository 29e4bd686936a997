package io.syncflux.core.monitor;

import io.syncflux.core.config.SyncMode;
import io.syncflux.core.event.MonitorEvent;
import io.syncflux.core.influx.NodeHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Turns the health checks of both nodes into outages and owed windows (the rules are in {@link
 * HaStateMachine}): a failed check of a recovered node opens an outage, the first good check started after
 * it closes it and the node owes {@code [lastGoodCheck - margin, thatCheck)}; a node that answers as
 * another process restarted in between and owes the same. Not thread-safe: {@link HaStateMachine} holds it
 * under its lock.
 */
final class OutageTracker {
    // logs as the state machine, whose lines these always were
    private static final Logger LOG = LoggerFactory.getLogger(HaStateMachine.class);

    private final String masterName;
    private final String slaveName;
    private final Duration margin;
    private final SyncMode mode;
    private final OwedWindows owed;
    private final NodeTrack master;
    private final NodeTrack slave;
    private final Outages outages = new Outages();
    private Instant trackingSince;

    OutageTracker(String masterName, String slaveName, Duration margin, SyncMode mode, OwedWindows owed) {
        this.masterName = masterName;
        this.slaveName = slaveName;
        this.margin = margin;
        this.mode = mode;
        this.owed = owed;
        this.master = new NodeTrack(masterName);
        this.slave = new NodeTrack(slaveName);
    }

    /** The open outages. */
    Outages outages() {
        return outages;
    }

    /** What the checks of {@code node} (the master or the slave) showed. */
    NodeTrack node(String node) {
        return node.equals(masterName) ? master : slave;
    }

    /** A node that fails before it ever answered in this run owes its window from {@code since}. */
    void trackSince(Instant since) {
        trackingSince = since;
    }

    /** The outages a previous run left open end now: each of those nodes owes its window up to {@code now}. */
    void closeRestored(Instant now) {
        for (Map.Entry<String, Instant> e : outages.takeRestored().entrySet()) {
            String node = e.getKey();
            if (!node.equals(masterName) && !node.equals(slaveName)) {
                LOG.warn("the journal holds an outage of {} since {}, which is not part of this pair; ignored", node,
                        e.getValue());
                continue;
            }
            LOG.info("{} was down when the last run ended; it owes {}", node, owe(node, e.getValue(), now));
        }
    }

    /**
     * Records a check of {@code name}; when outages are {@code tracked}, opens or closes its outage and
     * owes what it missed. Node events go to {@code events}.
     *
     * @return true when the check failed or shows a restart: a recovery from or to the node must stop
     */
    boolean checked(String name, NodeHealth h, boolean tracked, List<MonitorEvent> events) {
        NodeTrack t = node(name);
        Instant previousOk = t.lastOk();
        String previousInstance = t.instance();
        MonitorEvent flip = t.record(h);
        if (flip != null) {
            events.add(flip);
        }
        if (!tracked) {
            return false;
        }
        if (!h.ok()) {
            if (recovered(name) && !outages.isOpen(name)) {
                Instant since = previousOk != null ? previousOk : trackingSince;
                outages.open(name, since, h.checkedAt());
                LOG.warn("node {} is down since {} at {}; its missed writes will be recovered", name,
                        previousOk != null ? "its last good check" : "the monitor's start", since);
            }
            return true;
        }
        if (NodeTrack.restarted(previousInstance, h) && !outages.isOpen(name) && previousOk != null) {
            restartedBetweenChecks(name, previousOk, previousInstance, h, events);
            return true;
        }
        Instant downSince = outages.close(name, h.checkedAt());
        if (downSince != null) {
            LOG.info("node {} answers again; it owes {}", name, owe(name, downSince, h.checkedAt()));
        }
        return false;
    }

    /**
     * The node answered both checks but is another process than at the last one: it restarted in
     * between, and writes sent to it while it was down are lost. It owes {@code [lastGoodCheck - margin,
     * thisCheck)}, like an outage that no check saw.
     */
    private void restartedBetweenChecks(String name, Instant previousOk, String was, NodeHealth h,
                                        List<MonitorEvent> events) {
        if (!recovered(name)) {
            LOG.warn("node {} restarted between two checks (process {} -> {}); writes it missed are not recovered"
                    + " in this sync mode", name, was, h.instance());
            return;
        }
        String w = owe(name, previousOk, h.checkedAt());
        outages.seenDown(name);
        LOG.warn("node {} restarted between two checks (process {} -> {}); it owes {}", name, was, h.instance(), w);
        events.add(new MonitorEvent.NodeRestarted(name));
    }

    /** A recovery to {@code node} failed while its source answers: the node counts as down from its last good check. */
    void recoveryFailed(String node, Instant now) {
        if (!outages.isOpen(node)) {
            outages.open(node, node(node).lastOk(), now);
        }
    }

    private boolean recovered(String node) {
        return node.equals(slaveName) || mode == SyncMode.TWOWAYS;
    }

    /**
     * Makes {@code node} owe {@code [since - margin, end)}, copied from the other node and merged with its
     * owed outage windows.
     *
     * @return the merged window, for the log
     */
    private String owe(String node, Instant since, Instant end) {
        String from = node.equals(masterName) ? slaveName : masterName;
        return String.valueOf(owed.oweOutage(node, from, since.minus(margin), end));
    }
}
