#!/usr/bin/env bash
# Builds the images the chart and the compose deployment run: rxpool:<appVersion> (every service,
# deploy/docker/Dockerfile) and rxpool-devnet:<appVersion> (the regtest devnet under the compose
# deployment), then prints their sizes.
#   deploy/docker/build.sh             on the official Node image (needs a registry)
#   deploy/docker/build.sh --offline   on a base made here (make-offline-base.sh): no registry
# Environment: DOCKER (the client; it must do BuildKit builds), RXPOOL_IMAGE, DEVNET_IMAGE,
# RXPOOL_BASE_IMAGE (the offline base's name), RXPOOL_BUILD_CONTEXT (default: the checkout).
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
docker="${DOCKER:-docker}"
version="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$repo/deploy/helm/rxpool/Chart.yaml")"
image="${RXPOOL_IMAGE:-rxpool:$version}"
devnet="${DEVNET_IMAGE:-rxpool-devnet:$version}"
context="${RXPOOL_BUILD_CONTEXT:-$repo}"

say() { echo "build: $*"; }

args=()
case "${1:-}" in
  --offline)
    base="${RXPOOL_BASE_IMAGE:-rxpool-base:20.20.2-bookworm}"
    RXPOOL_BASE_IMAGE="$base" DOCKER="$docker" "$repo/deploy/docker/make-offline-base.sh"
    args+=(--build-arg "BASE_IMAGE=$base")
    ;;
  "") ;;
  *)
    echo "build: unknown argument \"$1\" (usage: build.sh [--offline])" >&2
    exit 64
    ;;
esac

# npm in the build stage trusts what npm here trusts (a proxy that re-signs TLS): a build secret,
# so the bundle is in no layer of the image.
ca="${NODE_EXTRA_CA_CERTS:-$(npm config get cafile 2>/dev/null || true)}"
secret=()
if [ -n "$ca" ] && [ "$ca" != null ] && [ -f "$ca" ]; then secret=(--secret "id=ca_bundle,src=$ca"); fi

export DOCKER_BUILDKIT=1
started=$SECONDS
say "$image from $context (deploy/docker/Dockerfile${args[*]:+, ${args[*]}})"
"$docker" build "${args[@]}" "${secret[@]}" -f "$repo/deploy/docker/Dockerfile" -t "$image" "$context"
say "$image built in $((SECONDS - started)) s"
started=$SECONDS
say "$devnet from deploy/compose/devnet"
"$docker" build "${args[@]}" -t "$devnet" "$repo/deploy/compose/devnet"
say "$devnet built in $((SECONDS - started)) s"
for i in "$image" "$devnet"; do
  say "$i: $("$docker" image inspect --format '{{.Size}}' "$i" | awk '{printf "%.0f MB", $1 / 1e6}')"
done
