"""Checks of infra/ for issue #16 (who may write the task item, what outlives the stack, tags, the
optional customer-managed key), each with a self-test that breaks a copy on purpose. check_infra.py
runs them:

    task-item          on the task table the captures and apply functions may only read their task's item
                       and UpdateItem the state's attributes (dynamodb:Attributes = DynamoTaskStore's
                       STATE_ATTRIBUTES and the key, ReturnValues never ALL_*), the precheck function only
                       read it, every other role nothing; never PutItem
    storage            every table is retained (SAM: DeletionPolicy and UpdateReplacePolicy Retain;
                       Terraform: prevent_destroy); without a key the queues and tables use AWS's
                       encryption, with one (KmsKeyArn / kms_key_arn) every queue and table uses it and
                       exactly the roles that use them may, through SQS and DynamoDB only; SAM and
                       Terraform agree with the key set too
    tags               Terraform: every resource that has tags carries var.tags (the roles keep their
                       duplex:component); SAM: every resource that has tags in CloudFormation gets the
                       stack's tags (cfn-lint's resource schemas say which); both: the capture services
                       propagate their tags to the running tasks
"""

import fnmatch
import os
import re
import shutil
import tempfile

from infra_model import SamModel, TfModel, load_sam, load_terraform

HERE = os.path.dirname(os.path.abspath(__file__))
INFRA = os.path.dirname(HERE)
ROOT = os.path.dirname(INFRA)
SAM = os.path.join(INFRA, 'sam', 'template.yaml')
TF = os.path.join(INFRA, 'terraform', 'modules', 'duplex')
HCL2JSON = ['node', os.path.join(HERE, 'hcl2json.js')]
TASK_STORE_JAVA = os.path.join(ROOT, 'aws', 'src', 'main', 'java', 'dev', 'duplex', 'aws', 'store',
                               'DynamoTaskStore.java')


def _list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def _sides(sam_path, tf_dir):
    """{side: build(overrides) -> model}, each template read once."""
    sam_template = load_sam(sam_path)
    tf_module = load_terraform(tf_dir, HCL2JSON)
    return {'SAM': lambda o=None: SamModel(sam_template, o).model(),
            'Terraform': lambda o=None: TfModel(tf_module, tf_dir, o).model()}


def _report(name, findings, ok_message):
    if findings:
        print('%s: %d problems:' % (name, len(findings)))
        for f in findings:
            print('  ' + f)
        return 1
    print(ok_message)
    return 0


def _broken_copy(tmp, edits_by_file, sam_path=SAM, tf_dir=TF):
    """Copies of the SAM template and the Terraform module with (file, anchor, old, new) edits: each replaces
    the first `old` after the first `anchor` ('' = from the start). Returns (sam copy, tf copy), or raises."""
    sam_copy = os.path.join(tmp, 'template.yaml')
    shutil.copy(sam_path, sam_copy)
    tf_copy = os.path.join(tmp, 'tf')
    shutil.copytree(tf_dir, tf_copy)
    for f, anchor, old, new in edits_by_file:
        path = sam_copy if f == 'template.yaml' else os.path.join(tf_copy, f)
        with open(path) as fh:
            text = fh.read()
        start = text.find(anchor) if anchor else 0
        at = text.find(old, max(start, 0)) if start >= 0 else -1
        if at < 0:
            raise LookupError('cannot find %r after %r in %s to change' % (old, anchor, f))
        with open(path, 'w') as fh:
            fh.write(text[:at] + new + text[at + len(old):])
    return sam_copy, tf_copy


def _expect(name, findings, wanted):
    missing = [w for w in wanted if not any(w in f for f in findings)]
    if missing:
        print('%s: the check missed deliberate breakage: %s' % (name, missing))
        for f in findings:
            print('  ' + f)
        return 1
    print('%s: the broken copies fail as they must (%d findings)' % (name, len(findings)))
    for f in findings:
        print('  ' + f)
    return 0


# ======================================================================================= the task item
# What each role may do on its task's item in the task table. Any other role: nothing.
READ, UPDATE = 'dynamodb:GetItem', 'dynamodb:UpdateItem'
TASK_ITEM_ACTIONS = {'capture-a': {READ, UPDATE}, 'capture-b': {READ, UPDATE},
                     'apply-a2b': {READ, UPDATE}, 'apply-b2a': {READ, UPDATE}, 'precheck': {READ}}
# ALL_OLD / ALL_NEW would return the whole item from an UpdateItem (AWS's fine-grained access control guide).
SAFE_RETURN_VALUES = {'NONE', 'UPDATED_OLD', 'UPDATED_NEW'}


def state_attributes():
    """DynamoTaskStore.STATE_ATTRIBUTES: the attributes updateState writes."""
    with open(TASK_STORE_JAVA) as f:
        text = f.read()
    constants = dict(re.findall(r'static final String (\w+) = "(\w+)";', text))
    m = re.search(r'STATE_ATTRIBUTES = List\.of\(([^)]*)\);', text)
    if not m:
        raise LookupError('no STATE_ATTRIBUTES = List.of(...) in ' + TASK_STORE_JAVA)
    return [constants[n.strip()] for n in m.group(1).split(',')]


def _touches(resource, forms):
    return resource == '*' or any(fnmatch.fnmatchcase(f, resource) for f in forms)


def _cond(statement, test, variable):
    v = statement['condition'].get(test, {}).get(variable)
    return None if v is None else _list(v)


def task_item_findings(side, model, attributes):
    table = '%stasks' % model['parameters']['table_prefix']
    key = model['tables'][table]['keys']['HASH']
    allowed_attributes = sorted(set(attributes) | {key})
    forms = ['table:' + table, 'arn:{partition}:dynamodb:{region}:{account}:table/' + table]
    task = model['parameters']['task_name']
    findings = []
    for role, r in sorted(model['roles'].items()):
        may = TASK_ITEM_ACTIONS.get(role, set())
        granted = set()
        for s in r['statements']:
            actions = [a for a in s['actions'] if fnmatch.fnmatchcase('dynamodb', a.split(':', 1)[0].lower())]
            if s['effect'] != 'Allow' or not actions or not any(_touches(res, forms) for res in s['resources']):
                continue
            where = '%s role %s, statement %r' % (side, role, s['sid'])
            for a in actions:
                if a in may:
                    granted.add(a)
                elif fnmatch.fnmatchcase('dynamodb:PutItem', a):
                    findings.append('%s: %s on the task table: a PutItem replaces the whole task item, the nodes '
                                    'and objects of its config included' % (where, a))
                else:
                    findings.append('%s: %s on the task table; this role may only %s there'
                                    % (where, a, ', '.join(sorted(may)) or 'nothing'))
            if _cond(s, 'ForAllValues:StringEquals', 'dynamodb:LeadingKeys') != [task]:
                findings.append('%s: not limited to its task\'s item (ForAllValues:StringEquals dynamodb:LeadingKeys '
                                '= [%s])' % (where, task))
            if any(fnmatch.fnmatchcase(UPDATE, a) for a in actions):
                findings += _update_findings(where, s, allowed_attributes)
        for a in sorted(may - granted):
            findings.append('%s role %s cannot %s its task\'s item, which it needs' % (side, role, a))
    return findings


def _update_findings(where, s, allowed_attributes):
    findings = []
    names = _cond(s, 'ForAllValues:StringEquals', 'dynamodb:Attributes')
    if names is None:
        findings.append('%s: UpdateItem on the task table without a ForAllValues:StringEquals dynamodb:Attributes '
                        'condition: it may rewrite any attribute, the nodes included' % where)
    elif sorted(names) != allowed_attributes:
        findings.append('%s: dynamodb:Attributes %s, not exactly the state\'s attributes and the key %s'
                        % (where, sorted(names), allowed_attributes))
    returns = [v for t in ('StringEquals', 'StringEqualsIfExists')
               for v in _list(s['condition'].get(t, {}).get('dynamodb:ReturnValues'))]
    if not returns or not set(returns) <= SAFE_RETURN_VALUES:
        findings.append('%s: UpdateItem on the task table may return the whole item: limit dynamodb:ReturnValues '
                        'to %s' % (where, sorted(SAFE_RETURN_VALUES)))
    return findings


def task_item_all(sam_path, tf_dir):
    attributes = state_attributes()
    findings = []
    for side, build in _sides(sam_path, tf_dir).items():
        findings += task_item_findings(side, build(), attributes)
    return attributes, findings


def task_item(sam_path=SAM, tf_dir=TF):
    attributes, findings = task_item_all(sam_path, tf_dir)
    return _report('task-item', findings,
                   'task-item: in SAM and Terraform, on the task table capture-a, capture-b, apply-a2b and apply-b2a '
                   'may GetItem their task\'s item and UpdateItem only %s and the key (DynamoTaskStore.STATE_ATTRIBUTES; '
                   'ReturnValues never ALL_*), precheck may only GetItem it, no other role anything; no PutItem'
                   % ', '.join(attributes))


def selftest_task_item():
    """Copies where a capture may PutItem the task item, an apply's UpdateItem lost its attribute condition, the
    attributes include the config, and the precheck may write: the task-item check must fail on each."""
    tmp = tempfile.mkdtemp(prefix='duplex-task-item-')
    try:
        read = 'Action: [dynamodb:GetItem]\n                Resource: !GetAtt TasksTable.Arn'
        sam, tf = _broken_copy(tmp, [
            ('template.yaml', '  CaptureARole:', read,
             'Action: [dynamodb:GetItem, dynamodb:PutItem]\n                Resource: !GetAtt TasksTable.Arn'),
            ('template.yaml', '  ApplyB2ARole:',
             '                    dynamodb:Attributes: [task, state, stateReason, version, updatedAtMillis]\n', ''),
            ('template.yaml', '  PrecheckRole:', 'Action: [dynamodb:GetItem]', 'Action: [dynamodb:GetItem, dynamodb:UpdateItem]'),
            ('apply.tf', '', 'actions   = ["dynamodb:GetItem"]', 'actions   = ["dynamodb:GetItem", "dynamodb:PutItem"]'),
            ('main.tf', '', '"updatedAtMillis"]', '"updatedAtMillis", "config"]'),
            ('capture.tf', '', '''    condition {
      test     = "StringEqualsIfExists"
      variable = "dynamodb:ReturnValues"
      values   = ["NONE", "UPDATED_OLD", "UPDATED_NEW"]
    }
''', ''),
        ])
        _, findings = task_item_all(sam, tf)
        return _expect('selftest-task-item', findings, [
            "SAM role capture-a, statement 'ReadTask': dynamodb:PutItem on the task table: a PutItem replaces the "
            "whole task item",
            "SAM role apply-b2a, statement 'MoveTaskState': UpdateItem on the task table without a "
            "ForAllValues:StringEquals dynamodb:Attributes condition",
            "SAM role precheck, statement 'ReadTask': dynamodb:UpdateItem on the task table; this role may only "
            "dynamodb:GetItem",
            "Terraform role apply-a2b, statement 'ReadTask': dynamodb:PutItem on the task table",
            "Terraform role capture-b, statement 'MoveTaskState': dynamodb:Attributes ['config', 'state'",
            "Terraform role capture-a, statement 'MoveTaskState': UpdateItem on the task table may return the "
            "whole item"])
    except LookupError as e:
        print('selftest-task-item: %s' % e)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ======================================================================================= retention and keys
TEST_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'
KEY_PARAMETER = {'SAM': 'KmsKeyArn', 'Terraform': 'kms_key_arn'}
# Data actions that write (the caller needs kms:GenerateDataKey as well as kms:Decrypt under a key of its own).
WRITES = {'sqs:SendMessage', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem',
          'dynamodb:BatchWriteItem'}
SERVICE_OF = {'queue': 'sqs', 'table': 'dynamodb'}


def retention_findings(side, model):
    how = ('DeletionPolicy: Retain and UpdateReplacePolicy: Retain' if side == 'SAM'
           else 'lifecycle { prevent_destroy = true }')
    return ['%s table %s is not retained: deleting the stack or replacing the table would delete the task\'s '
            'data (%s)' % (side, name, how) for name, t in sorted(model['tables'].items()) if not t['retained']]


def encryption_findings(side, model, key):
    findings = []
    for name, q in sorted(model['queues'].items()):
        if key is None and (q['kms'] is not None or q['sse'] is not True):
            findings.append('%s queue %s: without a key it must use SQS-managed encryption (sse %r, key %r)'
                            % (side, name, q['sse'], q['kms']))
        if key is not None and (q['kms'] != key or q['sse'] is True):
            findings.append('%s queue %s is not under the customer-managed key (key %r, SQS-managed %r)'
                            % (side, name, q['kms'], q['sse']))
    for name, t in sorted(model['tables'].items()):
        if t['sse'] is not True or t['sse_key'] != key:
            findings.append('%s table %s: encryption key %r, expected %s'
                            % (side, name, t['sse_key'], key or "DynamoDB's AWS managed key"))
    for role, r in sorted(model['roles'].items()):
        findings += _role_key_findings('%s role %s' % (side, role), r['statements'], key)
    return findings


def _role_key_findings(where, statements, key):
    uses, writes = set(), False
    for s in statements:
        for res in s['resources']:
            kind = res.split(':', 1)[0] if isinstance(res, str) else None
            if kind in SERVICE_OF and s['effect'] == 'Allow':
                uses.add(SERVICE_OF[kind])
                writes = writes or bool(set(s['actions']) & WRITES)
    key_statements = [s for s in statements if any(a.startswith('kms:') for a in s['actions'])]
    if key is None:
        return ['%s: statement %r grants KMS actions though no key is set' % (where, s['sid'])
                for s in key_statements]
    needs = ({'kms:Decrypt'} if uses else set()) | ({'kms:GenerateDataKey'} if writes else set())
    granted, via = set(), set()
    findings = []
    for s in key_statements:
        if s['resources'] != [key]:
            findings.append('%s: statement %r grants KMS on %s, not the key alone' % (where, s['sid'], s['resources']))
        granted |= set(s['actions'])
        via |= set(_cond(s, 'StringEquals', 'kms:ViaService') or ['<any service>'])
    for a in sorted(needs - granted):
        findings.append('%s uses %s under the key but may not %s' % (where, ' and '.join(sorted(uses)), a))
    for a in sorted(granted - needs):
        findings.append('%s may %s on the key, which it does not need' % (where, a))
    wanted_via = {'%s.{region}.{dns_suffix}' % svc for svc in uses}
    if needs and via != wanted_via:
        findings.append('%s: the key grant\'s kms:ViaService is %s, not exactly %s'
                        % (where, sorted(via), sorted(wanted_via)))
    return findings


def storage_all(sam_path, tf_dir, diff):
    findings = []
    keyed = {}
    for side, build in _sides(sam_path, tf_dir).items():
        plain = build()
        keyed[side] = build({KEY_PARAMETER[side]: TEST_KEY})
        findings += retention_findings(side, plain)
        findings += encryption_findings(side, plain, None)
        findings += ['with a key: ' + f for f in encryption_findings(side, keyed[side], TEST_KEY)]
    for section in ('queues', 'tables', 'roles'):
        out = []
        diff(keyed['SAM'][section], keyed['Terraform'][section], section, out)
        findings += ['with a key, SAM and Terraform differ: ' + f for f in out]
    return findings


def storage(diff, sam_path=SAM, tf_dir=TF):
    return _report('storage', storage_all(sam_path, tf_dir, diff),
                   'storage: in SAM and Terraform every table is retained (Retain / prevent_destroy); without a key '
                   'the queues use SQS-managed encryption and the tables the AWS managed key, with one every queue '
                   'and table uses it, each role that uses them may kms:Decrypt (and kms:GenerateDataKey where it '
                   'writes) on that key alone through their services only, no other role; both agree with the key set')


def selftest_storage(diff):
    """Copies with a table not retained on either side, a queue and a table left off the key, and roles without
    the key grant they need: the storage check must fail on each."""
    tmp = tempfile.mkdtemp(prefix='duplex-storage-')
    try:
        sam, tf = _broken_copy(tmp, [
            ('template.yaml', '  ConflictsTable:', '    UpdateReplacePolicy: Retain\n', ''),
            ('template.yaml', '  A2BDeadLetterQueue:',
             '      KmsMasterKeyId: !If [HasKmsKey, !Ref KmsKeyArn, !Ref AWS::NoValue]\n', ''),
            ('template.yaml', '  CaptureBRole:', 'Action: [kms:Decrypt, kms:GenerateDataKey]', 'Action: [kms:Decrypt]'),
            ('tables.tf', 'resource "aws_dynamodb_table" "status"', 'prevent_destroy = true', 'prevent_destroy = false'),
            ('tables.tf', '', 'kms_key_arn = local.kms_key_set ? var.kms_key_arn : null', 'kms_key_arn = null'),
            ('precheck.tf', '', 'for_each = local.kms_key_set ? ["TaskDataKey"] : []', 'for_each = []'),
        ])
        return _expect('selftest-storage', storage_all(sam, tf, diff), [
            'SAM table duplex-conflicts is not retained',
            'Terraform table duplex-status is not retained',
            'with a key: SAM queue duplex-{task_name}-a2b-dlq.fifo is not under the customer-managed key',
            'with a key: SAM role capture-b uses dynamodb and sqs under the key but may not kms:GenerateDataKey',
            'with a key: Terraform table duplex-tasks: encryption key None',
            'with a key: Terraform role precheck uses dynamodb under the key but may not kms:Decrypt',
            'with a key, SAM and Terraform differ: tables.duplex-tasks.sse_key'])
    except LookupError as e:
        print('selftest-storage: %s' % e)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ======================================================================================= tags
# Terraform resource types without tags (the check asks every other type for var.tags).
TF_UNTAGGABLE = {
    'aws_kms_alias': 'an alias has no tags (its key has)',
    'aws_sns_topic_subscription': 'a subscription has no tags',
    'aws_iam_role_policy': 'an inline policy is part of its role',
    'aws_apigatewayv2_integration': 'an integration has no tags (its API has)',
    'aws_apigatewayv2_route': 'a route has no tags (its API has)',
    'aws_lambda_permission': 'a permission is part of its function\'s policy',
    'aws_cloudwatch_dashboard': 'a dashboard has no tags',
}
# SAM types and the CloudFormation type whose schema tells whether they have tags.
SAM_GENERATES = {'AWS::Serverless::Function': 'AWS::Lambda::Function'}
PROBE = {'duplex:probe': 'tagged', 'duplex:component': 'overridden'}


def tf_tag_findings(module, tf_dir):
    tf = TfModel(module, tf_dir, {'tags': PROBE})
    findings, tagged = [], 0
    for kind, blocks in sorted(tf.resources.items()):
        if kind in TF_UNTAGGABLE:
            continue
        for name in blocks:
            for key, body in tf.evaluated(kind, name):
                where = 'Terraform %s.%s%s' % (kind, name, '' if key is None else '[%r]' % key)
                tags = body.get('tags')
                if not isinstance(tags, dict) or tags.get('duplex:probe') != 'tagged':
                    findings.append('%s does not carry var.tags (tags = var.tags, or merge(var.tags, {...}); a type '
                                    'that has no tags goes in TF_UNTAGGABLE with its reason)' % where)
                    continue
                tagged += 1
                if kind == 'aws_iam_role' and tags.get('duplex:component') == 'overridden':
                    findings.append('%s: var.tags overrides its duplex:component tag: merge(var.tags, {component}), '
                                    'in that order' % where)
    return findings, tagged


def sam_tag_findings(template):
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
    findings, tagged, untagged = [], [], []
    for logical, r in sorted(template.get('Resources', {}).items()):
        cfn_type = SAM_GENERATES.get(r['Type'], r['Type'])
        try:
            schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema('us-east-1', cfn_type).schema
        except Exception as e:  # cfn-lint names an unknown type in various ways
            findings.append('SAM %s: no CloudFormation schema for %s (%s)' % (logical, cfn_type, e))
            continue
        (tagged if 'Tags' in schema.get('properties', {}) else untagged).append(logical)
    return findings, tagged, untagged


def propagation_findings(side, model):
    return ['%s capture service %s does not propagate its tags to its running task (PropagateTags / propagate_tags '
            'SERVICE): the task would carry none' % (side, name)
            for name, s in sorted(model['ecs']['services'].items()) if s.get('propagate_tags') != 'SERVICE']


def tags_all(sam_path, tf_dir):
    template = load_sam(sam_path)
    module = load_terraform(tf_dir, HCL2JSON)
    findings, tf_tagged = tf_tag_findings(module, tf_dir)
    sam_findings, sam_tagged, sam_untagged = sam_tag_findings(template)
    findings += sam_findings
    findings += propagation_findings('SAM', SamModel(template).model())
    findings += propagation_findings('Terraform', TfModel(module, tf_dir).model())
    return findings, tf_tagged, sam_tagged, sam_untagged


def tags(sam_path=SAM, tf_dir=TF):
    findings, tf_tagged, sam_tagged, sam_untagged = tags_all(sam_path, tf_dir)
    return _report('tags', findings,
                   'tags: Terraform: all %d resources that have tags carry var.tags (roles keep duplex:component); '
                   'SAM: the stack\'s tags reach all %d resources that have tags in CloudFormation (%s have none); '
                   'both capture services propagate their tags to the running task'
                   % (tf_tagged, len(sam_tagged), ', '.join(sam_untagged)))


def selftest_tags():
    """Copies with an alarm without var.tags, a role whose component tag var.tags overrides and capture services
    that do not propagate their tags: the tags check must fail on each."""
    tmp = tempfile.mkdtemp(prefix='duplex-tags-')
    try:
        sam, tf = _broken_copy(tmp, [
            ('template.yaml', '  CaptureAService:', '      PropagateTags: SERVICE\n', ''),
            ('alarms.tf', 'resource "aws_cloudwatch_metric_alarm" "latency"', '  tags                = var.tags\n', ''),
            ('precheck.tf', '', 'merge(var.tags, { "duplex:component" = "precheck" })',
             'merge({ "duplex:component" = "precheck" }, var.tags)'),
            ('capture.tf', '', '  propagate_tags                     = "SERVICE"\n', ''),
        ])
        findings = tags_all(sam, tf)[0]
        return _expect('selftest-tags', findings, [
            "Terraform aws_cloudwatch_metric_alarm.latency['a2b'] does not carry var.tags",
            'Terraform aws_iam_role.precheck[0]: var.tags overrides its duplex:component tag',
            'SAM capture service duplex-{task_name}-capture-a does not propagate its tags',
            'Terraform capture service duplex-{task_name}-capture-b does not propagate its tags'])
    except LookupError as e:
        print('selftest-tags: %s' % e)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ======================================================================================= which secrets each role reads
# The nodes each role connects to: it may read their passwords and, when a node's tlsCa is a Secrets Manager
# reference (NodeXTlsCaSecretArn / node_x_tls_ca_secret_arn), that CA bundle; no other secret.
NODES_OF_ROLE = {'apply-a2b': 'b', 'apply-b2a': 'a', 'capture-a': 'ab', 'capture-b': 'b', 'precheck': 'ab'}
CA_PARAMETERS = {'SAM': {'a': 'NodeATlsCaSecretArn', 'b': 'NodeBTlsCaSecretArn'},
                 'Terraform': {'a': 'node_a_tls_ca_secret_arn', 'b': 'node_b_tls_ca_secret_arn'}}
TEST_CA = {'a': 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ca-a',
           'b': 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ca-b'}


def _secrets_read(role):
    return {res for s in role['statements'] if s['effect'] == 'Allow'
            and any(a.startswith('secretsmanager:') for a in s['actions']) for res in s['resources']}


def secret_findings(side, model, with_ca):
    findings = []
    for name, role in sorted(model['roles'].items()):
        nodes = NODES_OF_ROLE.get(name, '')
        wanted = {'{node_%s_secret_arn}' % n for n in nodes} | ({TEST_CA[n] for n in nodes} if with_ca else set())
        got = _secrets_read(role)
        if got != wanted:
            findings.append('%s role %s%s reads secrets %s, expected %s' % (
                side, name, ' (CA secrets set)' if with_ca else '', sorted(got), sorted(wanted)))
    return findings


def secrets_all(sam_path, tf_dir, diff):
    findings, with_ca = [], {}
    for side, build in _sides(sam_path, tf_dir).items():
        findings += secret_findings(side, build(), False)
        with_ca[side] = build({CA_PARAMETERS[side][n]: TEST_CA[n] for n in 'ab'})
        findings += secret_findings(side, with_ca[side], True)
    out = []
    diff(with_ca['SAM']['roles'], with_ca['Terraform']['roles'], 'roles', out)
    return findings + ['with the CA secrets set, SAM and Terraform differ: ' + f for f in out]


def secrets(diff, sam_path=SAM, tf_dir=TF):
    return _report('secrets', secrets_all(sam_path, tf_dir, diff),
                   'secrets: in SAM and Terraform each role reads the passwords of the nodes it connects to and, '
                   'when set, their tlsCa bundles\' secrets, nothing else; both agree with the CA secrets set')


def selftest_secrets(diff):
    """Copies where apply a2b cannot read node b's CA bundle and capture b may read node a's password: the
    secrets check must fail on each."""
    tmp = tempfile.mkdtemp(prefix='duplex-secrets-')
    try:
        sam, tf = _broken_copy(tmp, [
            ('template.yaml', '  ApplyA2BRole:', ', !If [HasNodeBTlsCa, !Ref NodeBTlsCaSecretArn, !Ref AWS::NoValue]',
             ''),
            ('capture.tf', 'sid       = "SourcePassword"', 'resources = local.node_secret_arns[each.key]',
             'resources = concat(local.node_secret_arns[each.key], [var.node_a_secret_arn])'),
        ])
        return _expect('selftest-secrets', secrets_all(sam, tf, diff), [
            'SAM role apply-a2b (CA secrets set) reads secrets',
            'Terraform role capture-b reads secrets'])
    except LookupError as e:
        print('selftest-secrets: %s' % e)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
