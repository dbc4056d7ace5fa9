#!/usr/bin/env bash
# Builds the official SQLCipher 4 library (the amalgamation Zetetic publishes, as shipped in the
# @journeyapps/sqlcipher package on the npm registry) with a minimal front end, as an independent
# reader of vault databases for the tests. Needs gcc and OpenSSL's headers (libssl-dev).
# Usage: build-sqlcipher4.sh OUTPUT
set -euo pipefail
out=${1:?output path}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent @journeyapps/sqlcipher@6.0.0 >/dev/null && tar xzf journeyapps-sqlcipher-*.tgz)
src="$work/package/deps/sqlcipher-amalgamation"
mkdir -p "$(dirname "$out")"
gcc -O1 -w -D_GNU_SOURCE -include stdint.h -DSQLITE_HAS_CODEC -DSQLITE_EXTRA_INIT=sqlcipher_extra_init -DSQLITE_EXTRA_SHUTDOWN=sqlcipher_extra_shutdown -DSQLITE_TEMP_STORE=2 -DSQLCIPHER_CRYPTO_OPENSSL -DSQLITE_OMIT_LOAD_EXTENSION \
  -I"$src" "$src/sqlite3.c" "$here/sqlcipher4-check.c" -o "$out" -lcrypto -lpthread -lm
"$out" :memory: 'PRAGMA cipher_version;'
