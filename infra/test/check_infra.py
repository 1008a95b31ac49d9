#!/usr/bin/env python3
"""Static checks of infra/: Terraform/SAM parity, IAM wildcards, metric names, and self-tests
proving that each check fails on a deliberately broken copy.

    check_infra.py parity              the Terraform module declares what the SAM template declares
    check_infra.py wildcards           no IAM statement has a '*' action, or a '*' resource AWS does not require
    check_infra.py metrics             alarms and dashboards use exactly the metric names the code emits
    check_infra.py packaging           the function zips hold the handler classes both templates name, and the
                                       capture Dockerfile copies the jar the build makes
    check_infra.py selftest-wildcards  a wildcarded copy of each (SAM, Terraform) fails the wildcard check
    check_infra.py selftest-parity     a Terraform copy with changed values, actions or references fails the parity check

Exit status 0 when the check holds, 1 when it does not (with every finding printed), 2 on a
usage or tool problem.
"""

import argparse
import copy
import json
import os
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from hcl_eval import HclError  # noqa: E402
from infra_model import SamModel, TfModel, load_sam, load_terraform  # noqa: E402

INFRA = os.path.dirname(HERE)
ROOT = os.path.dirname(INFRA)
SAM = os.path.join(INFRA, 'sam', 'template.yaml')
TF = os.path.join(INFRA, 'terraform', 'modules', 'duplex')
HCL2JSON = ['node', os.path.join(HERE, 'hcl2json.js')]
METRIC_NAMES_JAVA = os.path.join(ROOT, 'core', 'src', 'main', 'java', 'dev', 'duplex', 'core', 'metrics',
                                 'MetricNames.java')
EMITTERS = [os.path.join(ROOT, 'apply-function', 'src', 'main'), os.path.join(ROOT, 'capture-service', 'src', 'main')]

# Terraform-only inputs: Terraform uploads the packages itself, SAM names them in CodeUri.
TF_ONLY_VARIABLES = {'apply_function_zip', 'precheck_function_zip'}

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
                    found.append(('%s.Statement[%d]' % (where, i), s))
            for k, x in v.items():
                walk(x, '%s.%s' % (where, k))
        elif isinstance(v, list):
            for i, x in enumerate(v):
                walk(x, '%s[%d]' % (where, i))
    walk(template.get('Resources', {}), 'Resources')
    walk(template.get('Globals', {}), 'Globals')
    return [(w, {'actions': _as_list(s.get('Action')), 'resources': _as_list(s.get('Resource')),
                 'not': [k for k in ('NotAction', 'NotResource', 'NotPrincipal') if k in s],
                 'trust': 'Principal' in s}) for w, s in found]


def tf_statements(module):
    found = []
    for name, blocks in module.get('data', {}).get('aws_iam_policy_document', {}).items():
        for i, s in enumerate(blocks[0].get('statement', [])):
            found.append(('data.aws_iam_policy_document.%s.statement[%d]' % (name, i), {
                'actions': _as_list(s.get('actions')), 'resources': _as_list(s.get('resources')),
                'not': [k for k in ('not_actions', 'not_resources', 'not_principals') if k in s],
                'trust': 'principals' in s}))
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
            if isinstance(a, str) and '*' in a:
                findings.append('%s: wildcard action %r; name each action' % (where, a))
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
    return 0, []


# ======================================================================================= metrics
def metric_names():
    with open(METRIC_NAMES_JAVA) as f:
        text = f.read()
    names = dict(re.findall(r'public static final String (\w+) = "(\w+)";', text))
    if not names:
        raise HclError('no metric names found in ' + METRIC_NAMES_JAVA)
    return names


def used_metrics(model):
    used = {}
    for name, a in model['alarms'].items():
        if a['namespace'] == 'Duplex':
            used.setdefault(a['metric'], set()).add('alarm ' + name)
    for name, d in model['dashboards'].items():
        for w in d['widgets']:
            for m in w['properties'].get('metrics', []):
                if m and m[0] == 'Duplex':
                    used.setdefault(m[1], set()).add('dashboard ' + name)
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
    sides = {'SAM': SamModel(load_sam(sam_path)).model(),
             'Terraform': TfModel(load_terraform(tf_dir, HCL2JSON), tf_dir).model()}
    required = {'alarm': {'Latency', 'ApplyErrors', 'CaptureRunning'},
                'dashboard': {'Latency', 'RowsApplied', 'Conflicts'}}
    for side, model in sides.items():
        used = used_metrics(model)
        for metric, where in sorted(used.items()):
            if metric not in names.values():
                findings.append('%s %s use metric %r, which the code never emits' % (side, sorted(where), metric))
        for kind, needed in required.items():
            for metric in sorted(needed):
                if not any(w.startswith(kind) for w in used.get(metric, ())):
                    findings.append('%s: no %s uses %s' % (side, kind, metric))
    if findings:
        print('metrics: %d problems:' % len(findings))
        for f in findings:
            print('  ' + f)
        return 1
    print('metrics: alarms and dashboards use only emitted metrics (%s)' % ', '.join(sorted(names.values())))
    return 0


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
        broken = broken.replace('Resource: !Ref NodeASecretArn', "Resource: '*'", 1)
        if broken == text:
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
        _, sam_findings = wildcards(sam_copy, TF, quiet=True)
        _, tf_findings = wildcards(SAM, tf_copy, quiet=True)
        expected = [('SAM', 'sqs:*', sam_findings), ('SAM', 'secretsmanager:GetSecretValue', sam_findings),
                    ('Terraform', 's3:Get*', tf_findings), ('Terraform', 'dynamodb:GetItem', tf_findings)]
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


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('check', choices=['parity', 'wildcards', 'metrics', 'packaging', 'selftest-wildcards',
                                      'selftest-parity'])
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
        if args.check == 'packaging':
            return packaging(args.sam, args.terraform)
        if args.check == 'selftest-wildcards':
            return selftest_wildcards()
        return selftest_parity()
    except (HclError, KeyError, IndexError, ValueError) as e:
        print('%s: cannot evaluate the templates: %s: %s' % (args.check, type(e).__name__, e))
        return 1


if __name__ == '__main__':
    sys.exit(main())
