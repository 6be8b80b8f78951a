#!/usr/bin/env bash
# Builds, once per machine, the JRE 17 base image the container test (routing-app's ContainerImageIT)
# puts the app image on: no public registry is reachable where the tests run, so the base comes from
# Debian's packages (debootstrap of bookworm with openjdk-17-jre-headless), imported into podman and
# saved as a docker-archive tar that Jib takes as `tar://...`. Users build on eclipse-temurin:17-jre
# (the plugin's default); only the base differs, the plugin configuration is the same.
#
# Prints the tar's path on its last line. Reuses the tar when it is there (it does not change between
# runs); delete it, or set GOCHANNEL_IMAGE_CACHE elsewhere, to build it again. About a minute. Needs a
# Debian host (its apt mirror and archive keyring).
set -euo pipefail
cache="${GOCHANNEL_IMAGE_CACHE:-$HOME/.cache/gochannel/images}"
# Named after this script's contents: a change to what it builds builds it again.
tar_file="$cache/debian-bookworm-jre17-$(sha256sum "$0" | cut -c1-12).docker.tar"
image=localhost/gochannel-test-base:debian-bookworm-jre17
log() { printf '[build-test-base-image] %s\n' "$*" >&2; }

install_tools() {
  local missing=()
  command -v podman >/dev/null || missing+=(podman)
  command -v runc >/dev/null || [ -x /usr/sbin/runc ] || missing+=(runc)
  command -v debootstrap >/dev/null || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
  command -v newuidmap >/dev/null || missing+=(uidmap)
  command -v slirp4netns >/dev/null || missing+=(slirp4netns)
  command -v fuse-overlayfs >/dev/null || missing+=(fuse-overlayfs)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# The mirror apt already uses (deb822 or one-line sources), so debootstrap reaches what apt reaches.
debian_mirror() {
  local uri
  uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)
  if [ -z "$uri" ]; then
    uri=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

install_tools
if [ -s "$tar_file" ]; then
  log "reusing $tar_file"
  echo "$tar_file"
  exit 0
fi

mkdir -p "$cache"
work=$(mktemp -d)
trap 'rm -rf --one-file-system "$work"; rm -f "$tar_file".partial.$$' EXIT
mirror=$(debian_mirror)
# Debian's archive key checks every package debootstrap fetches (it would only warn without a keyring).
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || { log "no $keyring: install debian-archive-keyring"; exit 1; }
arch=$(dpkg --print-architecture)
log "debootstrap bookworm ($arch) with openjdk-17-jre-headless from $mirror"
debootstrap --variant=minbase --force-check-gpg --keyring="$keyring" --include=openjdk-17-jre-headless \
  bookworm "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
rm -rf --one-file-system "$work"/root/var/cache/apt/archives/*.deb "$work"/root/var/lib/apt/lists/*
tar -C "$work/root" -cf "$work/root.tar" .
podman import -q \
  --change "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$arch" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  "$work/root.tar" "$image" >/dev/null
# Written beside the cache and renamed once complete: an interrupted run leaves no tar that looks whole.
partial="$tar_file.partial.$$"
podman save -q --format docker-archive -o "$partial" "$image" >/dev/null
tar -tf "$partial" >/dev/null
mv "$partial" "$tar_file"
log "built $tar_file ($(du -h "$tar_file" | cut -f1))"
echo "$tar_file"
