#!/usr/bin/env bash
# Checks the RPM built by `mvn package` (syncflux-cli/target/syncflux-<version>-<release>.noarch.rpm)
# with the rpm tool, on a machine that is not an RPM system: digests, dependencies, the files with their
# modes and owners, the config files marked %config(noreplace), the scriptlets, and an unpacked install
# into a temporary root (scriptlets off: they need the RPM system's useradd and systemd).
#
#   scripts/test-rpm.sh [path/to/syncflux-*.noarch.rpm]      needs rpm (Debian package rpm)
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'test-rpm: FAILED: %s\n' "$*" >&2; exit 1; }

RPM="${1:-}"
if [[ -z "$RPM" ]]; then
  shopt -s nullglob
  rpms=(syncflux-cli/target/syncflux-*.noarch.rpm)
  shopt -u nullglob
  [[ ${#rpms[@]} -eq 1 ]] || die "expected one syncflux-cli/target/syncflux-*.noarch.rpm, found ${#rpms[@]}: run mvn package first"
  RPM="${rpms[0]}"
fi
command -v rpm >/dev/null || die "needs rpm (apt-get install rpm)"

rpm -K --nosignature "$RPM" | grep -q 'digests OK' || die "bad digests"
rpm -qpi "$RPM" | sed -n '1,4p'

license="$(rpm -qp --queryformat '%{LICENSE}' "$RPM")"
[[ "$license" == "Apache-2.0" ]] || die "License: is '$license', expected Apache-2.0"
packager="$(rpm -qp --queryformat '%{PACKAGER}' "$RPM")"
[[ "$packager" == "SyncFlux maintainers <maintainers@syncflux.io>" ]] || die "unexpected Packager: $packager"
requires="$(rpm -qp --requires "$RPM")"
grep -qx 'java-headless >= 1:17' <<<"$requires" || die "no Java 17+ requirement: $requires"

listing="$(rpm -qplv "$RPM")"
echo "$listing"
expect() { # mode owner group path
  grep -Eq "^$1 +[0-9]+ +$2 +$3 .* $4( |\$)" <<<"$listing" || die "expected $1 $2:$3 $4"
}
expect '-rw-r--r--' root root /usr/share/syncflux/lib/syncflux.jar
expect '-rwxr-xr-x' root root /usr/share/syncflux/bin/syncflux
expect 'lrw-r--r--' root root /usr/bin/syncflux
expect '-rw-r-----' root syncflux /etc/syncflux/syncflux.toml
expect '-rw-r--r--' root root /usr/lib/systemd/system/syncflux.service
expect 'drwxr-x---' syncflux syncflux /var/lib/syncflux
expect 'drwxr-x---' syncflux syncflux /var/log/syncflux
expect '-rw-r--r--' root root /usr/share/licenses/syncflux/LICENSE

[[ "$(rpm -qp --queryformat '[%{FILEFLAGS:fflags} %{FILENAMES}\n]' "$RPM" | grep ' /etc/syncflux/syncflux.toml$')" == cn* ]] \
  || die "/etc/syncflux/syncflux.toml is not %config(noreplace)"
[[ "$(rpm -qp --queryformat '[%{FILEFLAGS:fflags} %{FILENAMES}\n]' "$RPM" | grep ' /usr/share/licenses/syncflux/LICENSE$')" == l* ]] \
  || die "/usr/share/licenses/syncflux/LICENSE is not %license"
scripts="$(rpm -qp --scripts "$RPM")"
for s in preinstall postinstall preuninstall postuninstall; do
  grep -q "^$s scriptlet" <<<"$scripts" || die "no $s scriptlet"
done
grep -q 'useradd --system' <<<"$scripts" || die "the preinstall scriptlet does not create the user"

root="$(mktemp -d /tmp/syncflux-test-rpm.XXXXXX)"
trap 'rm -rf "$root"' EXIT
rpm --root "$root" --dbpath "$root/rpmdb" --initdb
rpm --root "$root" --dbpath "$root/rpmdb" -i --nodeps --noscripts --nosignature "$RPM" 2>&1 | grep -v 'does not exist - using root' || true
[[ -f "$root/usr/share/syncflux/lib/syncflux.jar" && -L "$root/usr/bin/syncflux" ]] || die "the unpacked install lacks files"
[[ "$(readlink -f "$root/usr/bin/syncflux")" == "$root/usr/share/syncflux/bin/syncflux" ]] || die "/usr/bin/syncflux points elsewhere"
grep -q '^ *datadir = "/var/lib/syncflux"' "$root/etc/syncflux/syncflux.toml" || die "the packaged config does not set datadir"
"$root/usr/bin/syncflux" -version || die "the unpacked launcher does not run"

printf '\ntest-rpm: all checks passed (%s)\n' "$(basename "$RPM")"
