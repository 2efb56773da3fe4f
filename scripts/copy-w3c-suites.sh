#!/usr/bin/env bash
# Copy the W3C test data the tests read into test/conformance/suites/, byte for byte (see SOURCES.md there).
#
# Usage: scripts/copy-w3c-suites.sh SOURCE [TARGET]
#   SOURCE  a folder laid out as SOURCES.md describes (sparql11/ = rdf-tests sparql/sparql11/, turtle/ =
#           rdf-tests rdf/rdf11/rdf-turtle/, jsonld/ = json-ld-api tests/, LICENSE.md, rdf-tests-README.md)
#   TARGET  default test/conformance/suites; files already there are replaced, SOURCES.md is kept.
# Run it when moving to newer upstream commits (then update SOURCES.md), or into a temporary TARGET and
# `diff -r` to check that the committed copy is unmodified.
set -euo pipefail
src=${1:?usage: scripts/copy-w3c-suites.sh SOURCE [TARGET]}
dst=${2:-"$(dirname "$0")/../test/conformance/suites"}

# SPARQL 1.1 folders whose tests run (query evaluation, syntax, results formats, protocol): whole.
sparql_whole=(aggregates bind bindings cast construct csv-tsv-res delete-insert exists functions
  graph-store-protocol grouping json-res negation project-expression property-path protocol
  service-description subquery syntax-fed syntax-query syntax-update-1 syntax-update-2)
# Folders manifest-all.ttl includes whose tests are update evaluation, entailment or federation: none of
# them runs (the syntax and query-evaluation suites only read their manifests to list and skip entries).
sparql_manifest_only=(add basic-update clear copy delete delete-data delete-where drop entailment move
  service update-silent)

mkdir -p "$dst/sparql11" "$dst/jsonld"
cp "$src/LICENSE.md" "$src/rdf-tests-README.md" "$dst/"
cp "$src/sparql11/manifest-all.ttl" "$src/sparql11/sparql-README.md" "$dst/sparql11/"
for d in "${sparql_whole[@]}"; do
  rm -rf "${dst:?}/sparql11/$d" && cp -R "$src/sparql11/$d" "$dst/sparql11/$d"
done
for d in "${sparql_manifest_only[@]}"; do
  rm -rf "${dst:?}/sparql11/$d" && mkdir "$dst/sparql11/$d" && cp "$src/sparql11/$d/manifest.ttl" "$dst/sparql11/$d/"
done
rm -rf "${dst:?}/turtle" && cp -R "$src/turtle" "$dst/turtle"
for f in LICENSE.md README.md context.jsonld toRdf-manifest.jsonld fromRdf-manifest.jsonld; do
  cp "$src/jsonld/$f" "$dst/jsonld/"
done
for d in toRdf fromRdf expand; do
  rm -rf "${dst:?}/jsonld/$d" && cp -R "$src/jsonld/$d" "$dst/jsonld/$d"
done
# The source may be read-only; the copy is committed and should be writable like the rest of the tree.
chmod -R u+w "$dst"
