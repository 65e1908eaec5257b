#!/usr/bin/env bash
# Starts the whole platform on this machine (see README.md). Builds first when sources are newer than the jars.
set -euo pipefail
cd "$(dirname "$0")"
JAR=local-stack/target/local-stack-0.1.0-SNAPSHOT.jar
if [ ! -f "$JAR" ] || [ -n "$(find . -path ./.local-stack -prune -o \( -name '*.java' -o -name '*.proto' -o -name 'pom.xml' -o -name '*.properties' -o -name '*.sql' \) -newer "$JAR" -print -quit)" ]; then
  echo "building the platform (./mvnw -DskipTests install) ..."
  ./mvnw -B -q -DskipTests install
fi
# A supervisor of child processes: a small heap is plenty (see local-stack/README.md, "Memory").
exec java -Xms16m -Xmx256m -XX:+UseSerialGC -cp "$JAR:local-stack/target/lib/*" com.mailplatform.localstack.LocalStack --project-dir . --data-dir .local-stack "$@"
