#!/usr/bin/env bash
# Installs the Debian packages Dossier needs, when they are missing:
#   libxapian-dev  Xapian 1.4, the search engine (headers and libxapian30)
#   xapian-tools   xapian-tcpsrv, for the remote-backend tests and sharded search
#   libxml2-dev    HTML pages and RSS/Atom feeds
#   liblzma-dev, zlib1g-dev   .xz and .gz input
#   pkg-config     how SwiftPM finds them
set -euo pipefail
packages=(libxapian-dev xapian-tools libxml2-dev liblzma-dev zlib1g-dev pkg-config)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
sudo=""
[[ "$(id -u)" -ne 0 ]] && sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
