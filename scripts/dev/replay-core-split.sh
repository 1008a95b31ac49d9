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
