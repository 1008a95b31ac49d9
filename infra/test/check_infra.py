#!/usr/bin/env python3
"""Static checks of infra/: Terraform/SAM parity, IAM wildcards, metric names, and self-tests
proving that each check fails on a deliberately broken copy.

    check_infra.py parity              the Terraform module declares what the SAM template declares
    check_infra.py wildcards           no IAM statement has a '*' action, or a '*' resource AWS does not require
                                       ('*' as a KMS key policy's resource is that key, and accepted there only)
    check_infra.py metrics             alarms and dashboards use exactly the metric names (and dimensions) the code emits
    check_infra.py alerts              the alert topic's KMS key lets CloudWatch publish, and each alert parameter
                                       (the task configuration's alerts values) reaches its alarms
    check_infra.py packaging           the function zips hold the handler classes both templates name, and the
                                       capture Dockerfile copies the jar the build makes
    check_infra.py selftest-wildcards  a wildcarded copy of each (SAM, Terraform) fails the wildcard check
    check_infra.py selftest-parity     a Terraform copy with changed values, actions or references fails the parity check
    check_infra.py selftest-alerts     copies whose key policy or thresholds are broken fail the alerts check
    check_infra.py task-item           (and selftest-task-item, storage, selftest-storage, tags, selftest-tags,
                                       secrets, selftest-secrets):
                                       see security_checks.py

Exit status 0 when the check holds, 1 when it does not (with every finding printed), 2 on a
usage or tool problem.
"""

import argparse
import copy
import fnmatch
import json
import os
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from hcl_eval import HclError  # noqa: E402
from infra_model import SamModel, TfModel, load_sam, load_terraform, snake  # noqa: E402
import security_checks  # noqa: E402

INFRA = os.path.dirname(HERE)
ROOT = os.path.dirname(INFRA)
SAM = os.path.join(INFRA, 'sam', 'template.yaml')
TF = os.path.join(INFRA, 'terraform', 'modules', 'duplex')
HCL2JSON = ['node', os.path.join(HERE, 'hcl2json.js')]
METRIC_NAMES_JAVA = os.path.join(ROOT, 'core', 'src', 'main', 'java', 'dev', 'duplex', 'core', 'metrics',
                                 'MetricNames.java')
EMITTERS = [os.path.join(ROOT, 'apply-function', 'src', 'main'), os.path.join(ROOT, 'capture-service', 'src', 'main')]
# EmfMetrics writes every MetricNames metric with the dimensions Task and Direction.
DIRECTION_DIMENSIONS = ('Direction', 'Task')
# Task-wide metrics, each declared by its reporter (METRIC_NAME) with the dimension Task only.
TASK_METRIC_REPORTERS = [os.path.join(ROOT, 'capture-service', 'src', 'main', 'java', 'dev', 'duplex', 'capture',
                                      'lifecycle', 'TaskFailedReporter.java'),
                         os.path.join(ROOT, 'capture-service', 'src', 'main', 'java', 'dev', 'duplex', 'capture',
                                      'verify', 'ScheduledVerification.java')]
TASK_DIMENSIONS = ('Task',)

# Terraform-only inputs: Terraform uploads the packages itself, SAM names them in CodeUri; a SAM stack
# takes its tags as stack tags (sam deploy --tags), which CloudFormation gives every resource that has
# tags, where a parameter could not (CloudFormation has no map parameters, and the functions' and the
# API's tags are maps whose keys cannot come from a parameter).
TF_ONLY_VARIABLES = {'apply_function_zip', 'precheck_function_zip', 'tags'}

# Actions AWS only grants on Resource "*". Keep this minimal; every entry needs its reason.
STAR_RESOURCE_ACTIONS = {
    # Lambda creates, describes and deletes the network interfaces of a VPC function with its
    # execution role. The interface ids do not exist beforehand and ec2:Describe* has no
    # resource-level permissions; AWS's own AWSLambdaVPCAccessExecutionRole grants them on "*".
    'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface',
    'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses',
    # The registry login token is account-wide: ecr:GetAuthorizationToken supports no resource ARN.
    'ecr:GetAuthorizationToken',
}
# In a KMS key policy (and only there) Resource "*" means the key the policy is attached to, and
# AWS's documented grant for CloudWatch alarms publishing to an encrypted SNS topic is
# kms:GenerateDataKey* (with kms:Decrypt). Nothing else is accepted in a key policy.
KEY_POLICY_WILDCARD_ACTIONS = {'kms:GenerateDataKey*'}


# ======================================================================================= parity
def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in b:
                out.append('%s.%s: only in SAM (%s)' % (path, k, _short(a[k])))
            elif k not in a:
                out.append('%s.%s: only in Terraform (%s)' % (path, k, _short(b[k])))
            else:
                diff(a[k], b[k], '%s.%s' % (path, k), out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, '%s[%d]' % (path, i), out)
    elif a != b:
        out.append('%s: SAM %s, Terraform %s' % (path, _short(a), _short(b)))


def _short(v):
    s = json.dumps(v, sort_keys=True, default=str)
    return s if len(s) < 300 else s[:297] + '...'


def compare(sam_path, tf_dir):
    sam = SamModel(load_sam(sam_path)).model()
    tf = TfModel(load_terraform(tf_dir, HCL2JSON), tf_dir).model()
    for name in TF_ONLY_VARIABLES:
        tf['parameters'].pop(name, None)
    findings = []
    for section in sorted(set(sam) | set(tf)):
        diff(sam.get(section), tf.get(section), section, findings)
    return sam, findings


def parity(sam_path, tf_dir):
    sam, findings = compare(sam_path, tf_dir)
    counts = ', '.join('%d %s' % (len(sam[s]), s) for s in ('queues', 'tables', 'alarms', 'roles', 'functions'))
    if findings:
        print('parity: %d differences between %s and %s:' % (len(findings), rel(sam_path), rel(tf_dir)))
        for f in findings:
            print('  ' + f)
        return 1
    print('parity: Terraform matches the SAM template (%s; IAM actions per role, API, ECS, outputs, dashboard)'
          % counts)
    return 0


# ======================================================================================= wildcards
def sam_statements(template):
    """Every IAM statement in the template, wherever a policy document sits."""
    found = []

    def walk(v, where):
        if isinstance(v, dict):
            if isinstance(v.get('Statement'), list):
                for i, s in enumerate(v['Statement']):
                    # A statement under a condition (Fn::If [cond, statement, AWS::NoValue]) is checked as well.
                    branches = s['Fn::If'][1:] if isinstance(s, dict) and set(s) == {'Fn::If'} else [s]
                    for b in branches:
                        if isinstance(b, dict) and b != {'Ref': 'AWS::NoValue'}:
                            found.append(('%s.Statement[%d]' % (where, i), b))
            for k, x in v.items():
                walk(x, '%s.%s' % (where, k))
        elif isinstance(v, list):
            for i, x in enumerate(v):
                walk(x, '%s[%d]' % (where, i))
    walk(template.get('Resources', {}), 'Resources')
    walk(template.get('Globals', {}), 'Globals')
    key_policies = tuple('Resources.%s.Properties.KeyPolicy.' % logical
                         for logical, r in template.get('Resources', {}).items() if r.get('Type') == 'AWS::KMS::Key')
    out = []
    for w, s in found:
        key_policy = w.startswith(key_policies)
        out.append((w, {'actions': _as_list(s.get('Action')), 'resources': _as_list(s.get('Resource')),
                        'not': [k for k in ('NotAction', 'NotResource', 'NotPrincipal') if k in s],
                        'trust': 'Principal' in s and not key_policy, 'key_policy': key_policy,
                        'principals': _principal_ids(s.get('Principal'))}))
    return out


def _principal_ids(p):
    if p is None:
        return []
    if not isinstance(p, dict):
        return _as_list(p)
    return [i for v in p.values() for i in _as_list(v)]


def tf_key_policy_documents(module):
    """Names of the policy documents that only aws_kms_key policies use: key policies."""
    used = {}
    for rtype, resources in module.get('resource', {}).items():
        for name, blocks in resources.items():
            for attr, v in blocks[0].items():
                for doc in re.findall(r'data\.aws_iam_policy_document\.(\w+)', json.dumps(v)):
                    used.setdefault(doc, set()).add((rtype, attr))
    return {doc for doc, users in used.items() if users == {('aws_kms_key', 'policy')}}


def tf_statements(module):
    found = []
    key_docs = tf_key_policy_documents(module)
    for name, blocks in module.get('data', {}).get('aws_iam_policy_document', {}).items():
        dynamic = [d['content'][0] for d in blocks[0].get('dynamic', {}).get('statement', [])]
        for i, s in enumerate(blocks[0].get('statement', []) + dynamic):
            key_policy = name in key_docs
            found.append(('data.aws_iam_policy_document.%s.statement[%d]' % (name, i), {
                'actions': _as_list(s.get('actions')), 'resources': _as_list(s.get('resources')),
                'not': [k for k in ('not_actions', 'not_resources', 'not_principals') if k in s],
                'trust': 'principals' in s and not key_policy, 'key_policy': key_policy,
                'principals': [x for p in s.get('principals', []) for x in _as_list(p.get('identifiers'))]}))
    # Inline JSON policies would escape the check above: they are findings themselves.
    for rtype, resources in module.get('resource', {}).items():
        for name, blocks in resources.items():
            for attr in ('policy', 'inline_policy', 'assume_role_policy'):
                v = blocks[0].get(attr)
                if isinstance(v, str) and 'aws_iam_policy_document' not in v:
                    found.append(('%s.%s.%s' % (rtype, name, attr), {'actions': ['<inline JSON policy>'],
                                                                   'resources': [], 'not': ['inline'], 'trust': False}))
    return found


def _as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def wildcard_findings(statements):
    findings = []
    for where, s in statements:
        for k in s['not']:
            findings.append('%s: %s is not allowed (say what is allowed, not what is not)' % (where, k))
        for a in s['actions']:
            if isinstance(a, str) and '*' in a and not (s.get('key_policy') and a in KEY_POLICY_WILDCARD_ACTIONS):
                findings.append('%s: wildcard action %r; name each action' % (where, a))
        if s.get('key_policy'):
            # Resource "*" is the key itself here; a principal "*" would open the key to anyone.
            for p in s['principals']:
                if p == '*' or (isinstance(p, str) and p.endswith(':*')):
                    findings.append('%s: key policy principal %r; name the account or the service' % (where, p))
            for r in s['resources']:
                if r != '*':
                    findings.append('%s: key policy resource %r; a key policy\'s resource is "*", the key itself'
                                    % (where, r))
            continue
        if s['trust']:
            continue
        for r in s['resources']:
            if not isinstance(r, str):
                continue
            if r == '*':
                extra = sorted(a for a in s['actions'] if a not in STAR_RESOURCE_ACTIONS)
                if extra:
                    findings.append('%s: Resource "*" for %s, which AWS lets you scope to ARNs'
                                    % (where, ', '.join(extra)))
            elif _arn_wildcard(r):
                findings.append('%s: resource %r has a wildcard service, region, account or resource' % (where, r))
    return findings


def _arn_wildcard(r):
    if not r.startswith('arn:'):
        return False
    parts = r.split(':', 5)
    return len(parts) == 6 and ('*' in parts[2:5] or parts[5] in ('*', '/*'))


def wildcards(sam_path, tf_dir, quiet=False):
    sam = sam_statements(load_sam(sam_path))
    tf = tf_statements(load_terraform(tf_dir, HCL2JSON))
    findings = ['SAM ' + f for f in wildcard_findings(sam)] + ['Terraform ' + f for f in wildcard_findings(tf)]
    if findings:
        if not quiet:
            print('wildcards: %d IAM statements are too broad:' % len(findings))
            for f in findings:
                print('  ' + f)
        return 1, findings
    if not quiet:
        print('wildcards: no wildcard action and no "*" resource beyond %s (%d SAM, %d Terraform statements)'
              % (', '.join(sorted(STAR_RESOURCE_ACTIONS)), len(sam), len(tf)))
        keys = [w for w, s in sam + tf if s.get('key_policy')]
        print('wildcards: Resource "*" accepted in KMS key policies only, where it means the key itself, and the '
              'wildcard action %s only there (%d key policy statements: %s)'
              % (', '.join(sorted(KEY_POLICY_WILDCARD_ACTIONS)), len(keys), '; '.join(keys)))
    return 0, []


# ======================================================================================= metrics
def metric_names():
    with open(METRIC_NAMES_JAVA) as f:
        text = f.read()
    names = dict(re.findall(r'public static final String (\w+) = "(\w+)";', text))
    if not names:
        raise HclError('no metric names found in ' + METRIC_NAMES_JAVA)
    return names


def task_metric_names():
    """The task-wide metrics (dimension Task only), from their reporters' METRIC_NAME."""
    names = []
    for path in TASK_METRIC_REPORTERS:
        with open(path) as f:
            m = re.search(r'public static final String METRIC_NAME = "(\w+)";', f.read())
        if not m:
            raise HclError('no METRIC_NAME in ' + path)
        names.append(m.group(1))
    return names


def alarm_metrics(a):
    """(namespace, metric, dimensions) of an alarm: its metric, or each metric of its metric math."""
    if a.get('queries'):
        return [(q['metric']['namespace'], q['metric']['metric'], q['metric']['dimensions'])
                for q in a['queries'] if q['metric']]
    return [(a['namespace'], a['metric'], a['dimensions'] or {})]


def used_metrics(model):
    """{metric: {(where, dimension names)}} of the Duplex metrics the alarms and dashboards use."""
    used = {}
    for name, a in model['alarms'].items():
        for namespace, metric, dimensions in alarm_metrics(a):
            if namespace == 'Duplex':
                used.setdefault(metric, set()).add(('alarm ' + name, tuple(sorted(dimensions))))
    for name, d in model['dashboards'].items():
        for w in d['widgets']:
            for m in w['properties'].get('metrics', []):
                if m and m[0] == 'Duplex':
                    dims = [k for k in m[2::2] if isinstance(k, str)]
                    used.setdefault(m[1], set()).add(('dashboard ' + name, tuple(sorted(dims))))
    return used


def metrics(sam_path, tf_dir):
    names = metric_names()
    code = ''
    for d in EMITTERS:
        for base, _, files in os.walk(d):
            for f in files:
                if f.endswith('.java'):
                    with open(os.path.join(base, f)) as fh:
                        code += fh.read()
    findings = []
    for const, name in names.items():
        if 'MetricNames.' + const not in code:
            findings.append('%s (%s) is declared but neither apply nor capture emits it' % (name, const))
    emitted = {name: DIRECTION_DIMENSIONS for name in names.values()}
    emitted.update({name: TASK_DIMENSIONS for name in task_metric_names()})
    sides = {'SAM': SamModel(load_sam(sam_path)).model(),
             'Terraform': TfModel(load_terraform(tf_dir, HCL2JSON), tf_dir).model()}
    required = {'alarm': {'Latency', 'ApplyErrors', 'CaptureRunning', 'Conflicts', 'TaskFailed', 'DdlFailures',
                          'VerifyDifferences', 'OneSidedRemovals'},
                'dashboard': {'Latency', 'RowsApplied', 'Conflicts'}}
    for side, model in sides.items():
        used = used_metrics(model)
        for metric, uses in sorted(used.items()):
            if metric not in emitted:
                findings.append('%s %s use metric %r, which the code never emits'
                                % (side, sorted(w for w, _ in uses), metric))
                continue
            for where, dims in sorted(uses):
                if dims != emitted[metric]:
                    findings.append('%s %s: %s with dimensions %s, but the code emits it with %s (no data would match)'
                                    % (side, where, metric, list(dims), list(emitted[metric])))
        for kind, needed in required.items():
            for metric in sorted(needed):
                if not any(w.startswith(kind) for w, _ in used.get(metric, ())):
                    findings.append('%s: no %s uses %s' % (side, kind, metric))
    if findings:
        print('metrics: %d problems:' % len(findings))
        for f in findings:
            print('  ' + f)
        return 1
    print('metrics: alarms and dashboards use only emitted metrics, with the dimensions they are emitted with '
          '(%s: %s; %s: %s)' % (', '.join(sorted(names.values())), '+'.join(DIRECTION_DIMENSIONS),
                                ', '.join(task_metric_names()), '+'.join(TASK_DIMENSIONS)))
    return 0


# ======================================================================================= alerts
# What CloudWatch must be able to do with the alert topic's key, as AWS documents for alarms that
# publish to an encrypted SNS topic.
CLOUDWATCH = 'cloudwatch.amazonaws.com'
CLOUDWATCH_KEY_ACTIONS = ('kms:Decrypt', 'kms:GenerateDataKey*')
ALARM_ARN = 'arn:{partition}:cloudwatch:{region}:{account}:alarm:%s'

# Each alert parameter (SAM, Terraform), the task configuration key it mirrors, and what it must do
# to which alarms (name suffixes after duplex-<task>-): (SAM value, Terraform value, {alarm: field
# and value it must then have, or None: the alarm must not exist}).
ALERT_PARAMETERS = [
    ('AlertLatencySeconds', 'alerts.latencySeconds', [
        ('4321', 4321, {'a2b-latency': ('threshold', 4321000), 'b2a-latency': ('threshold', 4321000)}),
        ('0', 0, {'a2b-latency': None, 'b2a-latency': None})]),
    ('AlertConflictsPerHour', 'alerts.conflictsPerHour', [
        (37, 37, {'conflicts': ('threshold', 37)}),
        (0, 0, {'conflicts': None})]),
    ('AlertDeadLetterMessages', 'alerts.deadLetterMessages', [
        (29, 29, {'a2b-dlq-not-empty': ('threshold', 29), 'b2a-dlq-not-empty': ('threshold', 29)}),
        (0, 0, {'a2b-dlq-not-empty': None, 'b2a-dlq-not-empty': None})]),
    ('AlertDdlFailuresPerHour', 'alerts.ddlFailuresPerHour', [
        (13, 13, {'a2b-ddl-failures': ('threshold', 13)}),
        (0, 0, {'a2b-ddl-failures': None})]),
    ('AlertOnFailure', 'alerts.onFailure', [
        ('true', True, {'task-failed': ('threshold', 1)}),
        ('false', False, {'task-failed': None})]),
    ('AlertsEnabled', 'alerts.enabled', [
        ('false', False, {'*': ('actions_enabled', False)}),
        ('true', True, {'*': ('actions_enabled', True)})]),
]


def key_findings(model):
    """Findings on the topics the alarms notify: encrypted with a key of the stack whose policy lets
    CloudWatch (for every one of those alarms) decrypt and generate data keys, with rotation on."""
    findings = []
    topics = {t for a in model['alarms'].values() for t in a['actions'] + a['ok_actions']}
    for topic in sorted(topics):
        name = topic.split(':', 1)[1]
        if name not in model['topics']:
            findings.append('alarms notify %s, which the stack does not declare' % topic)
            continue
        kms = model['topics'][name]
        alias = kms.split(':', 1)[1] if isinstance(kms, str) and kms.startswith('alias:') else kms
        kms = model['aliases'].get(alias, kms)
        if not (isinstance(kms, str) and kms.startswith('key:') and kms[4:] in model['keys']):
            findings.append('topic %s is encrypted with %r, not a key of the stack: CloudWatch cannot publish to it '
                            '(the policy of alias/aws/sns does not let it, and cannot be changed)' % (name, kms))
            continue
        key = model['keys'][kms[4:]]
        if key['rotation'] is not True:
            findings.append('key %s (topic %s): key rotation is off' % (kms, name))
        alarms = sorted(n for n, a in model['alarms'].items() if topic in a['actions'] + a['ok_actions'])
        for action in CLOUDWATCH_KEY_ACTIONS:
            for alarm in alarms:
                why = _key_denies(key['policy'], action, alarm)
                if why:
                    findings.append('key %s (topic %s) does not let CloudWatch %s for alarm %s: %s'
                                    % (kms, name, action, alarm, why))
                    break
    return findings


def _key_denies(policy, action, alarm):
    """Why the key policy does not allow CloudWatch `action` on behalf of `alarm`; None when it does."""
    context = {'aws:SourceAccount': '{account}', 'aws:SourceArn': ALARM_ARN % alarm}
    reasons = []
    for s in policy:
        if CLOUDWATCH not in s['principal'].get('Service', []):
            continue
        if not any(fnmatch.fnmatchcase(action, a) for a in s['actions']):
            continue
        if s['effect'] == 'Deny':
            return 'statement %r denies it' % s['sid']
        if s['resources'] != ['*']:
            reasons.append('statement %r names resources %s, not "*" (the key)' % (s['sid'], s['resources']))
            continue
        if not set(k for c in s['condition'].values() for k in c) & {'aws:SourceAccount', 'aws:SourceArn'}:
            reasons.append('statement %r has no aws:SourceAccount or aws:SourceArn condition (confused deputy)'
                           % s['sid'])
            continue
        failed = _condition_fails(s['condition'], context)
        if failed:
            reasons.append('statement %r: %s' % (s['sid'], failed))
            continue
        return None
    return '; '.join(reasons) or 'no statement allows %s the action' % CLOUDWATCH


def _condition_fails(condition, context):
    for test, variables in condition.items():
        for variable, values in variables.items():
            if variable not in context:
                return 'condition %s %s cannot be evaluated for an alarm' % (test, variable)
            v = context[variable]
            if test in ('StringEquals', 'ArnEquals'):
                ok = v in values
            elif test in ('StringLike', 'ArnLike'):
                ok = any(fnmatch.fnmatchcase(v, p) for p in values)
            else:
                return 'condition operator %s is not understood by this check' % test
            if not ok:
                return '%s %s %s does not admit %s' % (test, variable, values, v)
    return None


def threshold_findings(side, build):
    """Each alert parameter, set to a value of its own, must reach its alarms (and 0/false remove them)."""
    findings = []
    for param, config_key, cases in ALERT_PARAMETERS:
        name = param if side == 'SAM' else snake(param)
        for sam_value, tf_value, expect in cases:
            value = sam_value if side == 'SAM' else tf_value
            alarms = build({name: value})['alarms']
            for suffix, want in expect.items():
                targets = sorted(alarms) if suffix == '*' else ['duplex-{task_name}-' + suffix]
                for alarm in targets:
                    if want is None:
                        if alarm in alarms:
                            findings.append('%s %s=%r (%s off) still creates alarm %s' % (side, name, value, config_key,
                                                                                         alarm))
                    elif alarm not in alarms:
                        findings.append('%s %s=%r: no alarm %s' % (side, name, value, alarm))
                    elif alarms[alarm][want[0]] != want[1]:
                        findings.append('%s %s=%r does not reach alarm %s: its %s is %r, not %r'
                                        % (side, name, value, alarm, want[0], alarms[alarm][want[0]], want[1]))
    return findings


def alerts_findings(sam_path, tf_dir):
    sam_template = load_sam(sam_path)
    tf_module = load_terraform(tf_dir, HCL2JSON)
    sides = {'SAM': lambda o=None: SamModel(sam_template, o).model(),
             'Terraform': lambda o=None: TfModel(tf_module, tf_dir, o).model()}
    findings = []
    for side, build in sides.items():
        findings += ['%s %s' % (side, f) for f in key_findings(build())]
        findings += threshold_findings(side, build)
    return findings


def alerts(sam_path, tf_dir):
    findings = alerts_findings(sam_path, tf_dir)
    if findings:
        print('alerts: %d problems:' % len(findings))
        for f in findings:
            print('  ' + f)
        return 1
    print('alerts: in SAM and Terraform the alarm topic is encrypted with the stack\'s key, with rotation, whose '
          'policy lets %s %s for every alarm (its aws:SourceAccount/aws:SourceArn conditions admit each); '
          'each alert parameter reaches its alarms: %s'
          % (CLOUDWATCH, ' and '.join(CLOUDWATCH_KEY_ACTIONS),
             ', '.join('%s (%s)' % (p, k) for p, k, _ in ALERT_PARAMETERS)))
    return 0


def selftest_alerts():
    """Copies with CloudWatch's key grant cut, the topic back on alias/aws/sns and thresholds that no longer
    follow their parameters must fail the alerts check."""
    tmp = tempfile.mkdtemp(prefix='duplex-alerts-')
    try:
        sam_copy = os.path.join(tmp, 'template.yaml')
        with open(SAM) as f:
            text = f.read()
        sam_edits = [('Action: [kms:Decrypt, kms:GenerateDataKey*]', 'Action: [kms:GenerateDataKey*]'),
                     ("alarm:duplex-${TaskName}-*']", "alarm:duplex-${TaskName}-a2b-*']"),
                     ('Threshold: !Ref AlertConflictsPerHour', 'Threshold: 1'),
                     ('Threshold: !Ref AlertDdlFailuresPerHour', 'Threshold: 1'),
                     ("Threshold: !Sub '${AlertLatencySeconds}000'", 'Threshold: 30000')]
        for old, new in sam_edits:
            if old not in text:
                print('selftest-alerts: cannot find %r in %s to change' % (old, rel(SAM)))
                return 1
            text = text.replace(old, new, 1)
        with open(sam_copy, 'w') as f:
            f.write(text)
        tf_copy = os.path.join(tmp, 'tf')
        shutil.copytree(TF, tf_copy)
        tf_edits = [('kms_master_key_id = aws_kms_key.alerts.arn', 'kms_master_key_id = "alias/aws/sns"'),
                    ('threshold           = var.alert_dead_letter_messages', 'threshold           = 1'),
                    ('count               = var.alert_ddl_failures_per_hour > 0 ? 1 : 0', 'count               = 1'),
                    ('count               = var.alert_on_failure ? 1 : 0', 'count               = 1')]
        path = os.path.join(tf_copy, 'alarms.tf')
        with open(path) as f:
            text = f.read()
        for old, new in tf_edits:
            if old not in text:
                print('selftest-alerts: cannot find %r in alarms.tf to change' % old)
                return 1
            text = text.replace(old, new, 1)
        with open(path, 'w') as f:
            f.write(text)
        findings = alerts_findings(sam_copy, tf_copy)
        wanted = ['SAM key key:alias/duplex-{task_name}-alerts (topic duplex-{task_name}-alerts) does not let CloudWatch kms:Decrypt',
                  'admit arn:{partition}:cloudwatch:{region}:{account}:alarm:duplex-{task_name}-b2a-',
                  'SAM AlertConflictsPerHour=37 does not reach alarm duplex-{task_name}-conflicts',
                  'SAM AlertDdlFailuresPerHour=13 does not reach alarm duplex-{task_name}-a2b-ddl-failures',
                  'SAM AlertLatencySeconds=\'4321\' does not reach alarm duplex-{task_name}-a2b-latency',
                  "Terraform topic duplex-{task_name}-alerts is encrypted with 'alias/aws/sns'",
                  'Terraform alert_dead_letter_messages=29 does not reach alarm duplex-{task_name}-a2b-dlq-not-empty',
                  'Terraform alert_on_failure=False (alerts.onFailure off) still creates alarm '
                  'duplex-{task_name}-task-failed',
                  'Terraform alert_ddl_failures_per_hour=0 (alerts.ddlFailuresPerHour off) still creates alarm '
                  'duplex-{task_name}-a2b-ddl-failures']
        missing = [w for w in wanted if not any(w in f for f in findings)]
        if missing:
            print('selftest-alerts: the alerts check missed deliberate breakage: %s' % missing)
            for f in findings:
                print('  ' + f)
            return 1
        print('selftest-alerts: the broken copies fail as they must (%d findings)' % len(findings))
        for f in findings:
            print('  ' + f)
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ======================================================================================= packaging
FUNCTIONS = {'apply': os.path.join(ROOT, 'apply-function', 'target', 'function.zip'),
             'precheck': os.path.join(ROOT, 'precheck-function', 'target', 'function.zip')}


def zip_classes(path):
    """Class entries of a Quarkus Lambda zip, including those inside its lib/*.jar."""
    import io
    import zipfile
    names = set()
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            names.add(n)
            if n.endswith('.jar'):
                with zipfile.ZipFile(io.BytesIO(z.read(n))) as inner:
                    names.update(inner.namelist())
    return names


def packaging(sam_path, tf_dir):
    findings = []
    sam = SamModel(load_sam(sam_path))
    tf = TfModel(load_terraform(tf_dir, HCL2JSON), tf_dir).model()
    for logical, p in sam.each('AWS::Serverless::Function'):
        kind = 'apply' if 'apply' in p['FunctionName'] else 'precheck'
        code = os.path.normpath(os.path.join(os.path.dirname(sam_path), p['CodeUri']))
        if code != FUNCTIONS[kind]:
            findings.append('SAM %s: CodeUri %s is not the Quarkus build output %s' % (logical, code, rel(FUNCTIONS[kind])))
        tf_handler = tf['functions'][p['FunctionName']]['handler']
        if tf_handler != p['Handler']:
            findings.append('%s: SAM handler %s, Terraform handler %s' % (logical, p['Handler'], tf_handler))
        if not os.path.exists(FUNCTIONS[kind]):
            findings.append('%s is not built: ./mvnw -pl %s-function -am package' % (rel(FUNCTIONS[kind]), kind))
            continue
        cls = p['Handler'].split('::')[0].replace('.', '/') + '.class'
        if cls not in zip_classes(FUNCTIONS[kind]):
            findings.append('%s: handler class %s is not in %s' % (logical, cls, rel(FUNCTIONS[kind])))
    tf_zips = TfModel(load_terraform(tf_dir, HCL2JSON), tf_dir).ev
    for local, kind in (('apply_zip', 'apply'), ('precheck_zip', 'precheck')):
        path = os.path.normpath(tf_zips.local(local).replace('{path.module}', tf_dir))
        if path != FUNCTIONS[kind]:
            findings.append('Terraform local.%s is %s, not the Quarkus build output %s' % (local, path, rel(FUNCTIONS[kind])))
    findings += dockerfile_findings()
    if findings:
        print('packaging: %d problems:' % len(findings))
        for f in findings:
            print('  ' + f)
        return 1
    print('packaging: both function zips hold the handler classes the templates name; the Dockerfile copies %s'
          % shaded_jar())
    return 0


def shaded_jar():
    """The capture jar the build makes: <artifactId>-<version>-<shadedClassifierName>.jar."""
    with open(os.path.join(ROOT, 'capture-service', 'pom.xml')) as f:
        pom = f.read()
    parent, own = pom.split('</parent>', 1)
    version = re.search(r'<version>([^<]+)</version>', parent).group(1)
    artifact = re.search(r'<artifactId>([^<]+)</artifactId>', own).group(1)
    classifier = re.search(r'<shadedClassifierName>([^<]+)</shadedClassifierName>', own).group(1)
    return 'capture-service/target/%s-%s-%s.jar' % (artifact, version, classifier)


def dockerfile_findings():
    path = os.path.join(INFRA, 'capture', 'Dockerfile')
    with open(path) as f:
        text = f.read()
    m = re.search(r'ARG CAPTURE_JAR=(\S+)', text)
    if not m:
        return ['%s names no CAPTURE_JAR' % rel(path)]
    if m.group(1) != shaded_jar():
        return ['%s copies %s, but the build makes %s' % (rel(path), m.group(1), shaded_jar())]
    if 'curl' not in text:
        return ['%s installs no curl, which the ECS health check runs' % rel(path)]
    return []


# ======================================================================================= self-tests
def selftest_wildcards():
    """A copy of each side with one wildcard added must fail; the originals must pass."""
    tmp = tempfile.mkdtemp(prefix='duplex-wildcard-')
    try:
        sam_copy = os.path.join(tmp, 'template.yaml')
        with open(SAM) as f:
            text = f.read()
        broken = text.replace('Action: [sqs:SendMessage]', 'Action: [sqs:*]', 1)
        broken = broken.replace('Resource: [!Ref NodeASecretArn, !If [HasNodeATlsCa, !Ref NodeATlsCaSecretArn, !Ref AWS::NoValue]]',
                                 "Resource: '*'", 1)
        # A key policy accepts "*" as its resource and kms:GenerateDataKey*, not any other wildcard action.
        broken = broken.replace('Action: [kms:Decrypt, kms:GenerateDataKey*]', 'Action: [kms:Decrypt, kms:*]', 1)
        if broken.count('*]') < 2 or 'kms:*' not in broken:
            print('selftest-wildcards: cannot find the statements to break in ' + rel(SAM))
            return 1
        with open(sam_copy, 'w') as f:
            f.write(broken)
        tf_copy = os.path.join(tmp, 'tf')
        shutil.copytree(TF, tf_copy)
        cap = os.path.join(tf_copy, 'capture.tf')
        with open(cap) as f:
            text = f.read()
        broken_tf = text.replace('actions   = ["sqs:SendMessage"]', 'actions   = ["sqs:SendMessage", "s3:Get*"]', 1)
        broken_tf = broken_tf.replace('resources = [aws_dynamodb_table.tasks.arn]', 'resources = ["*"]', 1)
        if broken_tf == text:
            print('selftest-wildcards: cannot find the statements to break in ' + rel(cap))
            return 1
        with open(cap, 'w') as f:
            f.write(broken_tf)
        # A key policy open to any principal fails even though its "*" resource is accepted.
        alarms_tf = os.path.join(tf_copy, 'alarms.tf')
        with open(alarms_tf) as f:
            text = f.read()
        old = 'type        = "Service"\n      identifiers = ["cloudwatch.amazonaws.com"]'
        if old not in text:
            print('selftest-wildcards: cannot find the key policy principal to open in ' + rel(alarms_tf))
            return 1
        with open(alarms_tf, 'w') as f:
            f.write(text.replace(old, 'type        = "AWS"\n      identifiers = ["*"]', 1))
        _, sam_findings = wildcards(sam_copy, TF, quiet=True)
        _, tf_findings = wildcards(SAM, tf_copy, quiet=True)
        expected = [('SAM', 'sqs:*', sam_findings), ('SAM', 'secretsmanager:GetSecretValue', sam_findings),
                    ('SAM', "KeyPolicy.Statement[1]: wildcard action 'kms:*'", sam_findings),
                    ('Terraform', 's3:Get*', tf_findings), ('Terraform', 'dynamodb:GetItem', tf_findings),
                    ('Terraform', "alert_key.statement[1]: key policy principal '*'", tf_findings)]
        missing = ['%s copy: no finding for %s' % (side, what) for side, what, got in expected
                   if not any(what in f for f in got)]
        if missing:
            print('selftest-wildcards: the wildcard check missed deliberate wildcards: ' + '; '.join(missing))
            return 1
        print('selftest-wildcards: wildcarded copies fail as they must (%d SAM, %d Terraform findings)'
              % (len(sam_findings), len(tf_findings)))
        for f in sam_findings + tf_findings:
            print('  ' + f)
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def selftest_parity():
    """A Terraform copy with a changed receive limit, dropped actions and a swapped event source mapping
    must fail the parity check."""
    tmp = tempfile.mkdtemp(prefix='duplex-parity-')
    try:
        tf_copy = os.path.join(tmp, 'tf')
        shutil.copytree(TF, tf_copy)
        edits = [('variables.tf', 'default     = 120', 'default     = 100'),
                 ('apply.tf', '"sqs:DeleteMessage", ', ''),
                 ('capture.tf', '"lambda:GetEventSourceMapping", ', ''),
                 ('capture.tf', 'value = aws_lambda_event_source_mapping.apply["b2a"].uuid',
                  'value = aws_lambda_event_source_mapping.apply["a2b"].uuid')]
        for f, old, new in edits:
            path = os.path.join(tf_copy, f)
            with open(path) as fh:
                text = fh.read()
            if old not in text:
                print('selftest-parity: cannot find %r in %s to change' % (old, f))
                return 1
            with open(path, 'w') as fh:
                fh.write(text.replace(old, new, 1))
        _, findings = compare(SAM, tf_copy)
        wanted = ['max_receive_count', 'maxReceiveCount', 'DUPLEX_MAX_RECEIVE_COUNT', 'sqs:DeleteMessage',
                  'lambda:GetEventSourceMapping', 'apply-b2a", Terraform "esm:duplex-{task_name}-apply-a2b']
        missing = [w for w in wanted if not any(w in f for f in findings)]
        if missing:
            print('selftest-parity: the parity check missed deliberate differences: %s' % missing)
            return 1
        print('selftest-parity: the changed Terraform copy fails as it must (%d differences)' % len(findings))
        for f in findings:
            print('  ' + f)
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def rel(p):
    return os.path.relpath(p, ROOT)


# Issue #16's checks (security_checks.py); the self-tests break copies of the real files, whatever --sam says.
SECURITY_CHECKS = {
    'task-item': security_checks.task_item,
    'selftest-task-item': lambda sam, tf: security_checks.selftest_task_item(),
    'storage': lambda sam, tf: security_checks.storage(diff, sam, tf),
    'selftest-storage': lambda sam, tf: security_checks.selftest_storage(diff),
    'tags': security_checks.tags,
    'selftest-tags': lambda sam, tf: security_checks.selftest_tags(),
    'secrets': lambda sam, tf: security_checks.secrets(diff, sam, tf),
    'selftest-secrets': lambda sam, tf: security_checks.selftest_secrets(diff),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('check', choices=['parity', 'wildcards', 'metrics', 'alerts', 'packaging', 'selftest-wildcards',
                                      'selftest-parity', 'selftest-alerts'] + sorted(SECURITY_CHECKS))
    ap.add_argument('--sam', default=SAM)
    ap.add_argument('--terraform', default=TF)
    args = ap.parse_args()
    try:
        if args.check == 'parity':
            return parity(args.sam, args.terraform)
        if args.check == 'wildcards':
            return wildcards(args.sam, args.terraform)[0]
        if args.check == 'metrics':
            return metrics(args.sam, args.terraform)
        if args.check == 'alerts':
            return alerts(args.sam, args.terraform)
        if args.check == 'packaging':
            return packaging(args.sam, args.terraform)
        if args.check == 'selftest-alerts':
            return selftest_alerts()
        if args.check in SECURITY_CHECKS:
            return SECURITY_CHECKS[args.check](args.sam, args.terraform)
        if args.check == 'selftest-wildcards':
            return selftest_wildcards()
        return selftest_parity()
    except (HclError, KeyError, IndexError, ValueError, LookupError) as e:
        print('%s: cannot evaluate the templates: %s: %s' % (args.check, type(e).__name__, e))
        return 1


if __name__ == '__main__':
    sys.exit(main())
