# syncflux %preun: on erase ($1 = 0) stop and disable the service before its files go away
if [ "$1" -eq 0 ] && [ -d /run/systemd/system ]; then
    systemctl --no-reload disable --now syncflux.service >/dev/null 2>&1 || :
fi
exit 0
