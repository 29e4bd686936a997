# syncflux %postun: systemd forgets the removed unit. RPM removes the package's files and its empty
# directories; a journal or logs left in /var/lib/syncflux and /var/log/syncflux stay (rpm -e has no
# purge), as does the user syncflux.
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
fi
exit 0
