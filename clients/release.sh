#!/usr/bin/env bash
# Publishes the verifier libraries: the jar to Maven Central, the package to npm. NOT run by the
# tests or CI; a maintainer runs it by hand, after:
#   - the version in clients/java/pom.xml and clients/node/package.json is the same, and
#     clients/CHANGELOG.md has that version's section dated;
#   - ./test has passed on the commit (it runs both libraries' tests and VerifierLibrariesIT);
#   - Maven: ~/.m2/settings.xml has the Central Portal token as server "central", and a GPG key
#     signs (the pom's `release` profile is added the first time, see docs/verifier-libraries.md);
#   - npm: `npm login` as a member of the package's owners (2FA on).
# Usage: clients/release.sh            prints what it would do (the default: a dry run)
#        clients/release.sh --publish  does it
set -euo pipefail
cd "$(dirname "$0")/.."

java_version=$(sed -n 's:^    <version>\(.*\)</version>:\1:p' clients/java/pom.xml | head -n 1)
node_version=$(node -p 'require("./clients/node/package.json").version')
if [ "$java_version" != "$node_version" ]; then
  echo "versions differ: clients/java $java_version, clients/node $node_version" >&2
  exit 1
fi
if [ "$(node -p 'require("./clients/node/package.json").license')" = "UNLICENSED" ]; then
  echo "choose the project's licence first (clients/node/package.json, and <licenses> in clients/java/pom.xml)" >&2
  [ "${1:-}" = "--publish" ] && exit 1
fi
grep -q "^## $java_version" clients/CHANGELOG.md || { echo "clients/CHANGELOG.md has no section $java_version" >&2; exit 1; }

run() { if [ "${1:-}" = "--publish" ]; then shift; "$@"; else shift; echo "would run: $*"; fi; }
mode=${1:-}
run "$mode" ./mvnw -B -f clients/java/pom.xml -Prelease clean deploy
run "$mode" npm publish ./clients/node --access public
run "$mode" git tag -s "verifier-v$java_version" -m "gatehouse-verifier $java_version"
