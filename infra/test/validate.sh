#!/usr/bin/env bash
# Offline validation of infra/ (run by scripts/test.sh after ./mvnw verify, or on its own):
#   - cfn-lint passes the SAM template with no error and no warning;
#   - cfn-lint fails a deliberately broken copy of it (so the first check can fail at all);
#   - terraform fmt accepts the Terraform code;
#   - the Terraform module matches the SAM template (parity), checked on hcl2json's parse;
#   - no IAM statement has a '*' action or a '*' resource AWS does not require ('*' as the resource
#     of a KMS key policy, meaning that key, is accepted there only), and a wildcarded
#     copy of each fails that check; a changed Terraform copy fails the parity check;
#   - alarms and dashboards use exactly the metric names (and dimensions) the code emits;
#   - the alert topic's KMS key lets CloudWatch publish (kms:Decrypt, kms:GenerateDataKey* for every
#     alarm), and each alert parameter (the task configuration's alerts values) reaches its alarms;
#     copies with the grant cut or a threshold unhooked fail that check;
#   - on the task table the captures and apply functions may only GetItem their task's item and
#     UpdateItem the state's attributes (dynamodb:Attributes = DynamoTaskStore.STATE_ATTRIBUTES and
#     the key), the precheck function only GetItem, no role PutItem; copies that allow a PutItem or
#     drop the attribute condition fail that check;
#   - every table is retained (Retain / prevent_destroy); the optional customer-managed key reaches
#     every queue and table and exactly the roles that use them, alike in SAM and Terraform; copies
#     with a table not retained or a grant missing fail;
#   - Terraform gives var.tags to every resource that has tags, SAM's stack tags reach every resource
#     that has tags in CloudFormation, the capture services propagate them to their tasks; copies
#     without fail;
#   - the function zips (built by ./mvnw package) hold the handler classes both templates name,
#     and the capture Dockerfile copies the jar the build makes.
# A missing tool is a FAIL with its install hint, never a silent pass. npm packages come from
# the committed package-lock.json (npm ci). Prints "N passed, N failed" last; exit 1 on a failure.
set -uo pipefail
cd "$(dirname "$0")"
TEST_DIR=$(pwd)
INFRA_DIR=$(cd .. && pwd)
TEMPLATE="$INFRA_DIR/sam/template.yaml"
PYTHON=${DUPLEX_PYTHON:-python3}
passed=0
failed=0

report() { # name rc output
  if [ "$2" -eq 0 ]; then
    passed=$((passed + 1))
    printf 'PASS  %s\n' "$1"
  else
    failed=$((failed + 1))
    printf 'FAIL  %s\n' "$1"
  fi
  [ -n "$3" ] && printf '%s\n' "$3" | sed 's/^/      /'
}

check() { # name command...
  local name=$1 out rc
  shift
  out=$("$@" 2>&1)
  rc=$?
  report "$name" "$rc" "$out"
}

missing() { # name hint
  report "$1" 1 "MISSING TOOL: $2"
}

have_cfn_lint() { command -v cfn-lint >/dev/null 2>&1; }
have_python_cfnlint() { "$PYTHON" -c 'import cfnlint' >/dev/null 2>&1; }
have_node() { command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; }

ensure_hcl2json() {
  if [ ! -d "$TEST_DIR/node_modules/@cdktf/hcl2json" ]; then
    echo "installing @cdktf/hcl2json from package-lock.json (npm ci)"
    (cd "$TEST_DIR" && npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi
}

cfn_lint_clean() {
  local out rc
  out=$(cfn-lint --format parseable "$TEMPLATE" 2>&1)
  rc=$?
  # cfn-lint's status: 2 = errors, 4 = warnings, 8 = informational notes only (accepted), 1 = crash.
  if [ $((rc & 7)) -ne 0 ]; then
    printf 'cfn-lint %s: status %d\n%s\n' "$(cfn-lint --version 2>&1)" "$rc" "$out"
    return 1
  fi
  printf 'cfn-lint %s: 0 errors, 0 warnings (status %d)\n%s' "$(cfn-lint --version 2>&1)" "$rc" "$out"
}

# Three deliberate mistakes, each a different rule: a wrong type, an unknown attribute, an
# undefined reference. All three must be reported as errors.
cfn_lint_rejects_broken_copy() {
  local tmp out rc
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  sed -e '0,/MaximumMessageSize: 1048576/s//MaximumMessageSize: one-mebibyte/' \
      -e '0,/deadLetterTargetArn: !GetAtt A2BDeadLetterQueue.Arn/s//deadLetterTargetArn: !GetAtt A2BDeadLetterQueue.Url/' \
      -e '0,/TopicArn: !Ref AlertTopic/s//TopicArn: !Ref AlertTopics/' "$TEMPLATE" > "$tmp/template.yaml"
  if cmp -s "$TEMPLATE" "$tmp/template.yaml"; then
    echo "could not break the copy: the lines to change are gone from $TEMPLATE"
    return 1
  fi
  out=$(cfn-lint --format parseable "$tmp/template.yaml" 2>&1)
  rc=$?
  printf '%s\n' "$out" | cut -c1-160
  if [ $((rc & 2)) -eq 0 ]; then
    echo "cfn-lint accepted a broken template (status $rc)"
    return 1
  fi
  for rule in E3012 E1010 E1020; do
    if ! printf '%s\n' "$out" | grep -q ":$rule:"; then
      echo "cfn-lint did not report $rule for its deliberate mistake"
      return 1
    fi
  done
  echo "cfn-lint rejected the broken copy (status $rc): E3012, E1010 and E1020 reported"
}

terraform_fmt() {
  TF_CLI_CONFIG_FILE=/dev/null terraform fmt -check -recursive -diff "$INFRA_DIR/terraform" 2>&1 \
    | grep -v -e 'CLI configuration' -e 'Unable to open' -e '^│' -e '^╷' -e '^╵'
  local rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] && echo "terraform fmt: every file is formatted"
  return "$rc"
}

echo "==> validating infra/ (SAM template, Terraform module, IAM, metrics)"

if have_cfn_lint; then
  check "cfn-lint: SAM template has no errors and no warnings" cfn_lint_clean
  check "cfn-lint: a deliberately broken copy of the template fails" cfn_lint_rejects_broken_copy
else
  missing "cfn-lint: SAM template has no errors and no warnings" "cfn-lint is not installed: pip install 'cfn-lint==1.51.0' (it brings aws-sam-translator)"
  missing "cfn-lint: a deliberately broken copy of the template fails" "cfn-lint is not installed (see above)"
fi

if command -v terraform >/dev/null 2>&1; then
  check "terraform fmt: the Terraform code is formatted" terraform_fmt
else
  missing "terraform fmt: the Terraform code is formatted" "terraform is not installed: https://developer.hashicorp.com/terraform/install (1.5 or newer)"
fi

python_checks=(
  "parity|Terraform module = SAM template (queues, tables, alarms, IAM statements, functions and event source mappings, API, ECS, outputs)"
  "selftest-parity|parity: a Terraform copy with a changed receive limit, dropped actions and a swapped mapping UUID fails"
  "wildcards|IAM: no '*' action, no '*' resource beyond what AWS requires ('*' in KMS key policies only)"
  "selftest-wildcards|IAM: wildcarded copies of the SAM template and of the Terraform module fail"
  "metrics|metrics: alarms and dashboard use exactly the names (and dimensions) apply and capture emit"
  "alerts|alerts: CloudWatch may use the alert topic's key; each alert parameter reaches its alarms"
  "selftest-alerts|alerts: copies with CloudWatch's key grant cut or thresholds unhooked fail"
  "task-item|IAM: on the task table captures and applies may only GetItem and UpdateItem the state's attributes, precheck only GetItem; no PutItem"
  "selftest-task-item|IAM: copies where a capture or apply may PutItem the task item or UpdateItem any attribute fail"
  "storage|tables retained (Retain / prevent_destroy); the customer-managed key reaches every queue, table and role using them, SAM = Terraform"
  "selftest-storage|storage: copies with a table not retained, a queue or table off the key or a role without its grant fail"
  "tags|tags: Terraform's var.tags on every resource that has tags, SAM's stack tags reach them, capture services propagate them"
  "selftest-tags|tags: copies with a resource without var.tags, a role's component overridden or tags not propagated fail"
  "secrets|IAM: each role reads only the passwords (and tlsCa bundles) of the nodes it connects to, SAM = Terraform"
  "selftest-secrets|IAM: copies where a role misses a node's CA bundle or reads another node's password fail"
  "packaging|packaging: function zips hold the handlers the templates name; the Dockerfile copies the built jar"
)
if ! have_node; then
  for c in "${python_checks[@]}"; do
    missing "${c#*|}" "node and npm are not installed (hcl2json parses the Terraform): apt-get install -y nodejs npm"
  done
elif ! have_python_cfnlint; then
  for c in "${python_checks[@]}"; do
    missing "${c#*|}" "$PYTHON cannot import cfnlint (it reads the SAM template): pip install 'cfn-lint==1.51.0', or set DUPLEX_PYTHON"
  done
elif ! out=$(ensure_hcl2json 2>&1); then
  for c in "${python_checks[@]}"; do
    report "${c#*|}" 1 "npm ci failed in $TEST_DIR: $out"
  done
else
  for c in "${python_checks[@]}"; do
    check "${c#*|}" "$PYTHON" "$TEST_DIR/check_infra.py" "${c%%|*}"
  done
fi

echo "infra validation: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
