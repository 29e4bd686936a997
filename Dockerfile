# SyncFlux image, built from the distribution tarball:
#
#   mvn -B package -DskipTests && docker build -t syncflux .
#   docker run -p 4090:4090 -v /mylocal/conf:/opt/syncflux/conf -v /mylocal/log:/opt/syncflux/log syncflux [options]
#
# The HTTP API must listen on all interfaces inside the container: set bind-addr = "0.0.0.0:4090"
# in the [http] section of conf/syncflux.toml.
FROM eclipse-temurin:17-jre

# ADD unpacks the tarball into /opt/syncflux-<version>/ (bin, lib, conf, log, dist)
ADD syncflux-cli/target/syncflux-*.tar.gz /opt/
RUN mv /opt/syncflux-*/ /opt/syncflux

VOLUME ["/opt/syncflux/conf", "/opt/syncflux/log"]
EXPOSE 4090
WORKDIR /opt/syncflux
ENTRYPOINT ["/opt/syncflux/bin/syncflux"]
