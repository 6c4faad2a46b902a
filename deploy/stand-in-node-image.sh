#!/usr/bin/env bash
# Builds a local stand-in for the official node:20-bookworm-slim image, for machines that reach Debian's package
# mirror but not Docker Hub (the one Duban was developed on): a minimal Debian 12 from debootstrap, this machine's
# Node.js 20 and npm, and the `node` user (uid 1000) the official image has. Needs root, debootstrap and podman
# (or docker). The machine's CA bundle (NODE_EXTRA_CA_CERTS, for a TLS-inspecting proxy) and Node's headers (for
# better-sqlite3's build) go in too, as the host's npm uses them. Then: podman build --build-arg NODE_IMAGE=localhost/duban-node-base:20 -f deploy/Dockerfile .
set -euo pipefail
engine=${CONTAINER_ENGINE:-$(command -v podman || command -v docker)}
tag=${1:-localhost/duban-node-base:20}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
node_bin=$(command -v node)
case "$("$node_bin" --version)" in v20.*) ;; *) echo "needs Node.js 20 on this machine, found $("$node_bin" --version)" >&2; exit 1 ;; esac
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
tar -C "$work/rootfs" -c . | "$engine" import - localhost/duban-debian:bookworm >/dev/null

mkdir -p "$work/context"
cp "$node_bin" "$work/context/node"
cp -r "$npm_dir" "$work/context/npm"
cp -r "$(dirname "$(dirname "$node_bin")")/include/node" "$work/context/include"
cp "${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" "$work/context/ca.crt"
cat >"$work/context/Containerfile" <<'IMAGE'
FROM localhost/duban-debian:bookworm
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY include /usr/local/include/node
COPY ca.crt /usr/local/share/host-ca.crt
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/host-ca.crt npm_config_cafile=/usr/local/share/host-ca.crt npm_config_nodedir=/usr/local
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
CMD ["node"]
IMAGE
"$engine" build ${BUILD_ISOLATION:+--isolation "$BUILD_ISOLATION"} -q -t "$tag" "$work/context" >/dev/null
echo "$tag"
