# syncflux %pre: the system user and group the service runs as (the config is group-readable by it)
getent group syncflux >/dev/null || groupadd --system syncflux
getent passwd syncflux >/dev/null || useradd --system --gid syncflux --home-dir /var/lib/syncflux \
    --no-create-home --shell /sbin/nologin --comment "SyncFlux HA monitor" syncflux
exit 0
