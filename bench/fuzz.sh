#!/usr/bin/env bash
# Long fuzzing run of every parser target (Jazzer, coverage-guided). Usage:
#   bash bench/fuzz.sh [seconds per target, default 300] [target name filter, a grep pattern]
# e.g. `bash bench/fuzz.sh 600`, `bash bench/fuzz.sh 60 Imap`. FUZZ_SKIP_BUILD=1 reuses the last build.
# `./mvnw verify` only replays the seed corpora (Jazzer's regression mode); this is where new inputs are found.
# A finding is written to <module>/target/fuzz-findings/<Class>/<method>/crash-*; copy it into
# <module>/src/test/resources/<package>/<Class>Inputs/<method>/ and it is replayed by every `./mvnw verify`.
# New coverage-increasing inputs accumulate in <module>/target/fuzz-corpus/ and are reused by the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-300}"
FILTER="${2:-.}"

# module  class  method
TARGETS="
platform-common com.mailplatform.common.fuzz.MailAddressFuzzTest address
smtp-ingress com.mailplatform.smtp.fuzz.SmtpCommandFuzzTest commandLine
smtp-ingress com.mailplatform.smtp.fuzz.SmtpDataFuzzTest dataPhase
smtp-ingress com.mailplatform.smtp.milter.MilterFuzzTest milterReplies
smtp-ingress com.mailplatform.smtp.fuzz.DmarcRecordFuzzTest dmarcRecord
imap-pop-gateway com.mailplatform.gateway.fuzz.ImapFuzzTest imapInput
imap-pop-gateway com.mailplatform.gateway.fuzz.Pop3FuzzTest pop3Input
"

if [ -z "${FUZZ_SKIP_BUILD:-}" ]; then
  ./mvnw -B -q test-compile dependency:build-classpath -pl platform-common,smtp-ingress,imap-pop-gateway -am \
    -Dmdep.outputFile=target/fuzz.cp -Dmdep.includeScope=test
fi

failed=""
while read -r module class method; do
  [ -n "$module" ] || continue
  echo "$class#$method" | grep -q -- "$FILTER" || continue
  simple="${class##*.}"
  seeds="$module/src/test/resources/$(dirname "${class//.//}")/${simple}Inputs/$method"
  corpus="$module/target/fuzz-corpus/$simple/$method"
  findings="$module/target/fuzz-findings/$simple/$method"
  mkdir -p "$corpus" "$findings"
  cp="$module/target/test-classes:$module/target/classes:platform-common/target/classes:test-support/target/classes:$(cat "$module/target/fuzz.cp")"
  echo "== $simple#$method for ${SECONDS_PER_TARGET}s (seeds $seeds)"
  # -rss_limit_mb: the JVM's heap is bounded by -Xmx instead; the first corpus directory receives new inputs.
  if ! java -Xmx1g -cp "$cp" com.code_intelligence.jazzer.Jazzer --target_class="$class" --target_method="$method" \
      -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=0 -timeout=10 -artifact_prefix="$findings/" \
      "$corpus" "$seeds" > "$module/target/fuzz-$simple-$method.log" 2>&1; then
    failed="$failed $simple#$method"
    grep -m1 -A8 "== Java Exception\|ERROR: libFuzzer" "$module/target/fuzz-$simple-$method.log" || true
  fi
  tail -n 1 "$module/target/fuzz-$simple-$method.log" | sed 's/^/   /'
  grep -h "^#[0-9]*.*DONE" "$module/target/fuzz-$simple-$method.log" | tail -n 1 | sed 's/^/   /' || true
done <<< "$TARGETS"

if [ -n "$failed" ]; then
  echo "findings in:$failed (see */target/fuzz-findings/)"
  exit 1
fi
echo "no findings"
