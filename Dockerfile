# SyncFlux image, built from the distribution tarball:
#
#   mvn -B package -DskipTests && docker build -t syncflux .
#   docker run -p 4090:4090 -v /mylocal/conf:/opt/syncflux/conf -v /mylocal/log:/opt/syncflux/log \
#       -v /mylocal/data:/opt/syncflux/data syncflux [options]
#
# The HTTP API must listen on all interfaces inside the container: set bind-addr = "0.0.0.0:4090"
# in the [http] section of conf/syncflux.toml. The launcher gives the JVM the same defaults as the
# package's service (a small heap, the serial collector); -e JAVA_OPTS=... overrides them.
FROM eclipse-temurin:17-jre

# ADD unpacks the tarball into /opt/syncflux-<version>/ (bin, lib, conf, log, data, dist)
ADD syncflux-cli/target/syncflux-*.tar.gz /opt/
RUN mv /opt/syncflux-*/ /opt/syncflux

VOLUME ["/opt/syncflux/conf", "/opt/syncflux/log", "/opt/syncflux/data"]
EXPOSE 4090
# relative paths (./conf/syncflux.toml, datadir = "./data", -logs ./log) resolve here
WORKDIR /opt/syncflux
ENTRYPOINT ["/opt/syncflux/bin/syncflux"]
