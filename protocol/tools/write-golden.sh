#!/bin/sh
# Regenerates the golden vectors in protocol/src/test/resources/golden from protocol's test Samples.
# Run from anywhere; review the diff before committing: a changed byte is a changed wire format.
set -e
cd "$(dirname "$0")/../.."
mvn -q -B -o -pl protocol test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
java -cp "protocol/target/test-classes:protocol/target/classes:$(cat protocol/target/cp.txt)" \
    org.zaploop.protocol.GoldenVectorWriter protocol/src/test/resources/golden
