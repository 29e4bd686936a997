# SyncFlux image, built from the distribution tarball:
#
#   mvn -B package -DskipTests && docker build -t syncflux .
#   docker run -p 4090:4090 -v /mylocal/conf:/opt/syncflux/conf -v /mylocal/log:/opt/syncflux/log \
#       -v /mylocal/data:/opt/syncflux/data -e SYNCFLUX_HTTP_ADMIN_PASSWD_FILE=/run/secrets/api \
#       -v /mylocal/secrets/api:/run/secrets/api:ro syncflux [options]
#
# The HTTP API must listen on all interfaces inside the container: set bind-addr = "0.0.0.0:4090"
# in the [http] section of conf/syncflux.toml. Such an API needs an admin password of your own (the
# daemon refuses to start with an empty one or the sample's "admin"): admin-passwd in the config, or
# better SYNCFLUX_HTTP_ADMIN_PASSWD or SYNCFLUX_HTTP_ADMIN_PASSWD_FILE (a Docker or Kubernetes secret),
# and the same for the nodes: SYNCFLUX_NODE_<NAME>_ADMIN_PASSWD(_FILE). See docs/operations.md, "Security".
#
# The daemon runs as the user syncflux (uid and gid 10001), not root: a mounted conf/ must be readable,
# and log/ and data/ writable, by that uid or gid (for example chgrp 10001 and chmod g+rX / g+rwX).
# The launcher gives the JVM the same defaults as the package's service (a small heap, the serial
# collector); -e JAVA_OPTS=... overrides them.
FROM eclipse-temurin:17-jre

# ADD unpacks the tarball into /opt/syncflux-<version>/ (bin, lib, conf, log, data, dist)
ADD syncflux-cli/target/syncflux-*.tar.gz /opt/
RUN mv /opt/syncflux-*/ /opt/syncflux \
    && groupadd --system --gid 10001 syncflux \
    && useradd --system --uid 10001 --gid syncflux --home-dir /opt/syncflux --no-create-home \
        --shell /usr/sbin/nologin syncflux \
    && chown -R root:root /opt/syncflux \
    && chown syncflux:syncflux /opt/syncflux/log /opt/syncflux/data \
    && chmod 0750 /opt/syncflux/log /opt/syncflux/data \
    && chgrp syncflux /opt/syncflux/conf/syncflux.toml \
    && chmod 0640 /opt/syncflux/conf/syncflux.toml

VOLUME ["/opt/syncflux/conf", "/opt/syncflux/log", "/opt/syncflux/data"]
EXPOSE 4090
USER 10001:10001
# relative paths (./conf/syncflux.toml, datadir = "./data", -logs ./log) resolve here
WORKDIR /opt/syncflux
ENTRYPOINT ["/opt/syncflux/bin/syncflux"]
