package io.syncflux.cli;

/** The {@code -h} text, laid out like the original tool's. */
final class Usage {
    private Usage() {
    }

    static String text() {
        return """
                Usage of syncflux:
                   -action: hamonitor(default),copy,fullcopy,replicaschema
                    -chunk: set RW chunk periods as in the data-chuck-duration config param (e.g. 30m, 2h)
                   -config: config file (default: first of ./conf/syncflux.toml, /etc/syncflux/syncflux.toml,
                            /opt/syncflux/conf/syncflux.toml)
                -copyorder: backward (most to least recent, default), forward (least to most recent)
                       -db: set the db where to play (regular expression, e.g. ^db1$)
                      -end: set the endtime do action (no valid in hamonitor) default now
                     -full: copy full database or now()- max-retention-interval if greater retention policy
                  -logmode: log mode [console/file] default console
                     -logs: log directory (only apply if action=hamonitor and logmode=file)
                   -master: choose master ID from all those in the config file where to get data (override the master-db parameter in the config file)
                     -meas: set the meas where to play (regular expression)
                    -newdb: set the db to work on
                    -newrp: set the rp to work on
                  -pidfile: path to pid file (hamonitor)
                       -rp: set the rp where to play (regular expression)
                    -slave: choose slave ID from all those in the config file where to write data (override the slave-db parameter in the config file)
                    -start: set the starttime to do action (no valid in hamonitor) default now-24h
                        -v: set log level to Info
                  -version: display the version
                       -vv: set log level to Debug
                      -vvv: set log level to Trace
                        -h: show this help

                Times (-start, -end): now, unix seconds, a negative duration relative to now (-10h, -1h30m)
                or RFC3339 (2019-04-06T09:45:05Z).
                Exit codes: 0 success, 1 a node failed or data was not copied, 2 bad flags or config.
                """;
    }
}
