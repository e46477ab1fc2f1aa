#!/usr/bin/env bash
# Start a local two-node SolrCloud (embedded ZooKeeper, newsbot's configset uploaded) for
# trying the Solr backend or running benchmarks/solr_bench.py. Needs java 17 and mvn; the
# first run downloads Solr 9.10.1's jars from Maven Central into ~/.m2 (about 100 MB).
# Prints "SOLR_URL http://127.0.0.1:PORT/solr" per node, then READY; Ctrl-C stops it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mvn -q -B -f "$here/launcher/pom.xml" compile >&2
exec java -Xmx1g -cp "$here/launcher/target/classes:$(cat "$here/launcher/target/classpath.txt")" \
  newsbot.Launcher "$here/configset/conf" "${1:-2}"
