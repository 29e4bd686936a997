# syncflux %post: on an upgrade ($1 > 1) a running monitor restarts on the new version; a first install
# does not start it: the nodes in /etc/syncflux/syncflux.toml must be set first.
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
    if [ "$1" -gt 1 ]; then
        systemctl try-restart syncflux.service >/dev/null 2>&1 || :
    fi
fi
exit 0
