package io.syncflux.cli;

/**
 * The {@code -h} text: the actions, then the flags grouped by the actions they apply to, each flag laid out
 * like the original tool's ({@code -flag: description}).
 */
final class Usage {
    private Usage() {
    }

    static String text() {
        return """
                Usage of syncflux:
                  syncflux [-config file] [-action action] [flags]

                Actions:
                      -action: hamonitor(default),copy,fullcopy,replicaschema,verify
                    hamonitor      run the HA monitor daemon: check both nodes, recover what the slave missed,
                                   serve the HTTP API and the status page
                    copy           copy the selected data from master to slave
                    fullcopy       replicaschema, then copy
                    replicaschema  create on the slave the selected databases and retention policies
                    verify         compare the selected data of master and slave by content (-repair: fix it)

                Every action:
                      -config: config file (default: first of ./conf/syncflux.toml, /etc/syncflux/syncflux.toml,
                               /opt/syncflux/conf/syncflux.toml)
                      -master: name of the node to read from, among those in the config file (overrides master-db)
                       -slave: name of the node to write to, among those in the config file (overrides slave-db)
                           -v: set log level to Info
                          -vv: set log level to Debug (and, with verify, list more differences)
                         -vvv: set log level to Trace
                     -version: display the version
                           -h: show this help

                hamonitor:
                     -logmode: log mode [console/file] default console
                        -logs: log directory (only apply if action=hamonitor and logmode=file)
                     -pidfile: path to pid file (hamonitor)

                copy, fullcopy, replicaschema, verify (what to act on):
                          -db: databases to act on (regular expression, e.g. ^db1$), default all
                          -rp: retention policies to act on (regular expression), default all
                        -meas: measurements to copy (regular expression), default all
                       -newdb: name of the database on the slave (needs -db selecting one database)
                       -newrp: name on the slave of the default retention policy

                copy, fullcopy, verify (when):
                       -start: start time of the copy (not valid in hamonitor), default now-24h
                         -end: end time of the copy (not valid in hamonitor), default now
                        -full: copy the whole retention of each policy, at most now()-max-retention-interval
                       -chunk: length of each copied time chunk (e.g. 30m, 2h), overrides data-chuck-duration

                copy, fullcopy:
                   -copyorder: backward (most to least recent, default), forward (least to most recent)
                        -rate: write at most this many points per second, default no limit

                verify:
                 -verify-mode: digest (default: compares every value) or counts (per series and field,
                               server-side; cannot see changed values)
                      -repair: write the differing series, then verify them again
                -delete-extra: with -repair (one-way), delete points only the slave has (run without it first to
                               see them listed)
                    -difffile: write every differing series to this file (the output lists a sample: at most
                               1,000 series are kept in memory)

                Times (-start, -end): now, unix seconds, a negative duration relative to now (-10h, -1h30m)
                or RFC3339 (2019-04-06T09:45:05Z).
                Exit codes: 0 success, 1 a node failed or data was not copied (verify: the nodes differ, or the
                selection matched nothing to compare), 2 bad flags or config.
                """;
    }
}
