package io.syncflux.cli;

/** The {@code -h} text, laid out like the original tool's. */
final class Usage {
    private Usage() {
    }

    static String text() {
        return """
                Usage of syncflux:
                      -action: hamonitor(default),copy,fullcopy,replicaschema,verify
                       -chunk: length of each copied time chunk (e.g. 30m, 2h), overrides data-chuck-duration
                      -config: config file (default: first of ./conf/syncflux.toml, /etc/syncflux/syncflux.toml,
                               /opt/syncflux/conf/syncflux.toml)
                   -copyorder: backward (most to least recent, default), forward (least to most recent)
                          -db: databases to act on (regular expression, e.g. ^db1$), default all
                         -end: end time of the copy (not valid in hamonitor), default now
                        -full: copy the whole retention of each policy, at most now()-max-retention-interval
                     -logmode: log mode [console/file] default console
                        -logs: log directory (only apply if action=hamonitor and logmode=file)
                      -master: name of the node to read from, among those in the config file (overrides master-db)
                        -meas: measurements to copy (regular expression), default all
                       -newdb: name of the database on the slave (needs -db selecting one database)
                       -newrp: name on the slave of the default retention policy
                     -pidfile: path to pid file (hamonitor)
                        -rate: write at most this many points per second (copy, fullcopy), default no limit
                      -repair: with -action verify, write the differing series, then verify them again
                -delete-extra: with -repair (one-way), delete points only the slave has (run without it first to
                               see them listed)
                    -difffile: with -action verify, write every differing series to this file (the output lists
                               a sample: at most 1,000 series are kept in memory)
                          -rp: retention policies to act on (regular expression), default all
                       -slave: name of the node to write to, among those in the config file (overrides slave-db)
                       -start: start time of the copy (not valid in hamonitor), default now-24h
                 -verify-mode: with -action verify, digest (default: compares every value) or counts (per series
                               and field, server-side; cannot see changed values)
                           -v: set log level to Info
                     -version: display the version
                          -vv: set log level to Debug (and, with verify, list more differences)
                         -vvv: set log level to Trace
                           -h: show this help

                Times (-start, -end): now, unix seconds, a negative duration relative to now (-10h, -1h30m)
                or RFC3339 (2019-04-06T09:45:05Z).
                Exit codes: 0 success, 1 a node failed or data was not copied (verify: the nodes differ),
                2 bad flags or config.
                """;
    }
}
