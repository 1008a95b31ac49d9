#!/usr/bin/env bash
# Applies the renames of the core-split branch (issue #22) to the Java files under a tree, so that a
# branch written against the old names compiles after it: AWS adapters out of core into duplex-aws,
# the duplicate class names, the bench module. Idempotent: a second run changes nothing.
#   scripts/dev/replay-core-split.sh [DIR]    (default: the current directory)
# Only renames imports, package names and the calls listed; files themselves are moved by git on the
# branch. Import blocks of changed files are sorted (plain byte order, as the code base has them).
set -euo pipefail
cd "${1:-.}"

# The run of non-static imports sorted, duplicates dropped.
sort_imports() {
  perl -0pi -e 's{((?:^import (?!static )[^\n]*\n)+)}{my %s; join "", grep { !$s{$_}++ } sort split /(?<=\n)/, $1}gme' "$@"
}

# The Java files under the tree that mention PATTERN (an extended regular expression).
java_files() { grep -rlE "$1" --include='*.java' . || true; }

# 1. The default secret resolver is built by the edges from the AWS module.
for f in $(java_files '\bSecretResolver\.defaults\(\)'); do
  sed -i -E 's/\bSecretResolver\.defaults\(\)/SecretResolvers.defaults()/g' "$f"
  grep -qE '^import dev\.duplex\.(aws\.secrets|core\.config)\.SecretResolvers;' "$f" || grep -q '^package dev\.duplex\.aws\.secrets;' "$f" \
    || sed -i '0,/^import /s//import dev.duplex.aws.secrets.SecretResolvers;\nimport /' "$f"
  grep -v '^import ' "$f" | grep -qE '\bSecretResolver\b' || sed -i '/^import dev\.duplex\.core\.config\.SecretResolver;$/d' "$f"
  sort_imports "$f"
done

# 2. The AWS adapters: dev.duplex.core.{aws,store.dynamo} and Secrets Manager to dev.duplex.aws.
for f in $(java_files '\bdev\.duplex\.core\.(store\.dynamo|aws)\b|\bdev\.duplex\.core\.config\.(SecretsManagerSecrets|SecretResolvers)\b'); do
  sed -i -E \
    -e 's/\bdev\.duplex\.core\.store\.dynamo\b/dev.duplex.aws.store/g' \
    -e 's/\bdev\.duplex\.core\.aws\b/dev.duplex.aws/g' \
    -e 's/\bdev\.duplex\.core\.config\.(SecretsManagerSecrets|SecretResolvers)\b/dev.duplex.aws.secrets.\1/g' "$f"
  sort_imports "$f"
done

# 3. Duplicate class names. sandbox's package-private AwsClients: only its own package names it.
for f in $(grep -rlE '\bAwsClients\b' --include=*.java . | xargs grep -l '^package dev\.duplex\.sandbox;'); do
  sed -i -E 's/\bAwsClients\b/EmulatorClients/g' "$f"
done
# core/config's Identifiers (MySQL's rules for names); core/sql's Identifiers (quoting) keeps its name.
for f in $(grep -rlE '^import dev\.duplex\.core\.config\.Identifiers;|^package dev\.duplex\.core\.config;' --include=*.java .); do
  grep -q '^import dev\.duplex\.core\.sql\.Identifiers;' "$f" && continue
  sed -i -E 's/\bdev\.duplex\.core\.config\.Identifiers\b/dev.duplex.core.config.IdentifierRules/g; s/\bIdentifiers\b/IdentifierRules/g' "$f"
  sort_imports "$f"
done
# the bench's Worker (a measuring thread beside a bench part); capture's Worker keeps its name.
for f in $(grep -rlE '\bWorker\b' --include=*.java . | xargs grep -lE '^package dev\.duplex\.(cli\.)?bench;'); do
  sed -i -E 's/\bWorker\b/BenchThread/g' "$f"
done
# core/filter's package-private Token (of the WHERE lexer); capture/ddl's Token keeps its name.
for f in $(grep -rlE '\bToken\b' --include=*.java . | xargs grep -l '^package dev\.duplex\.core\.filter;'); do
  sed -i -E 's/\bToken\b/WhereToken/g' "$f"
done

# 4. The bench is its own module: dev.duplex.cli.bench is dev.duplex.bench (and its resources' paths).
for f in $(java_files '\bdev\.duplex\.cli\.bench\b|\bdev/duplex/cli/bench\b'); do
  sed -i -E -e 's/\bdev\.duplex\.cli\.bench\b/dev.duplex.bench/g' -e 's#\bdev/duplex/cli/bench\b#dev/duplex/bench#g' "$f"
  sort_imports "$f"
done
