"""Canonical models of the SAM template and the Terraform module, built to be compared.

Both sides are reduced to the same shape: queues, tables, topics, KMS keys (by the alias that
names them: a key has no name, and moto's CloudFormation cannot tag one) with their key policies, alarms (metric or metric math), log
groups, IAM roles (by their duplex:component tag) with their statements, functions with their event
sources, the precheck API, the ECS task definitions and services, outputs and the dashboard.
Parameters take their defaults; parameters without a default become "{snake_name}", pseudo
parameters "{region}", "{account}", "{partition}", "{dns_suffix}". A reference to a resource
becomes "<kind>:<name>" (an ARN, URL or id) or its plain name, as the attribute says.
"""

import json
import os
import re

from hcl_eval import Evaluator, HclError, _split_template

PSEUDO = {'AWS::Region': '{region}', 'AWS::AccountId': '{account}', 'AWS::Partition': '{partition}',
          'AWS::URLSuffix': '{dns_suffix}', 'AWS::StackName': '{stack}', 'AWS::NoValue': None}

SAM_KINDS = {
    'AWS::SQS::Queue': ('queue', 'QueueName'), 'AWS::DynamoDB::Table': ('table', 'TableName'),
    'AWS::SNS::Topic': ('topic', 'TopicName'), 'AWS::Logs::LogGroup': ('loggroup', 'LogGroupName'),
    'AWS::Serverless::Function': ('function', 'FunctionName'), 'AWS::Lambda::Function': ('function', 'FunctionName'),
    'AWS::IAM::Role': ('role', None), 'AWS::ECS::Cluster': ('cluster', 'ClusterName'),
    'AWS::ECS::TaskDefinition': ('taskdef', 'Family'), 'AWS::ECS::Service': ('service', 'ServiceName'),
    'AWS::ApiGatewayV2::Api': ('api', 'Name'), 'AWS::ApiGatewayV2::Integration': ('integration', 'ApiId'),
    'AWS::CloudWatch::Alarm': ('alarm', 'AlarmName'), 'AWS::CloudWatch::Dashboard': ('dashboard', 'DashboardName'),
    # An event source mapping has no name: it goes by its function's ("esm:<function name>" is its UUID).
    'AWS::Lambda::EventSourceMapping': ('esm', 'FunctionName'),
    'AWS::KMS::Key': ('key', None), 'AWS::KMS::Alias': ('alias', 'AliasName'),
}
TF_KINDS = {
    'aws_sqs_queue': ('queue', 'name'), 'aws_dynamodb_table': ('table', 'name'), 'aws_sns_topic': ('topic', 'name'),
    'aws_cloudwatch_log_group': ('loggroup', 'name'), 'aws_lambda_function': ('function', 'function_name'),
    'aws_iam_role': ('role', None), 'aws_ecs_cluster': ('cluster', 'name'),
    'aws_ecs_task_definition': ('taskdef', 'family'), 'aws_ecs_service': ('service', 'name'),
    'aws_apigatewayv2_api': ('api', 'name'), 'aws_apigatewayv2_integration': ('integration', 'api_id'),
    'aws_cloudwatch_metric_alarm': ('alarm', 'alarm_name'), 'aws_cloudwatch_dashboard': ('dashboard', 'dashboard_name'),
    'aws_lambda_event_source_mapping': ('esm', 'function_name'),
    'aws_kms_key': ('key', None), 'aws_kms_alias': ('alias', 'name'),
}
# CloudFormation's Ref gives these kinds' plain names; Terraform's name-like attributes do too.
PLAIN_REF_KINDS = {'function', 'table', 'loggroup'}
PLAIN_TF_ATTRS = {'name', 'function_name', 'family'}
COMPONENT_TAG = 'duplex:component'


def snake(name):
    return re.sub(r'(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])', '_', name).lower()


def norm(v):
    """Comparable leaf values: 'true' is True, '60' is 60, 60.0 is 60."""
    if isinstance(v, str):
        if v in ('true', 'false'):
            return v == 'true'
        if re.fullmatch(r'-?\d+', v):
            return int(v)
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    return v


def camel_keys(v):
    """CloudFormation's PascalCase ECS keys as the ECS JSON's camelCase (log options stay as they are)."""
    if isinstance(v, list):
        return [camel_keys(x) for x in v]
    if isinstance(v, dict):
        return {(k[0].lower() + k[1:] if re.match(r'[A-Z][a-z]', k) or k in ('CPU',) else k): camel_keys(x)
                for k, x in v.items()}
    return v


def substitute(template_text, values):
    """Fills a ${name} template (Terraform's templatefile syntax, names only)."""
    out = []
    for kind, text in _split_template(template_text):
        if kind == 'lit':
            out.append(text)
        elif text.strip() in values:
            v = values[text.strip()]
            # jsonencode(...) passed as a template variable is JSON text there, as in Terraform.
            out.append(json.dumps(v['jsonencode']) if isinstance(v, dict) and set(v) == {'jsonencode'} else str(v))
        else:
            raise HclError('template variable %s is not given' % text)
    return ''.join(out)


def _statement(effect, actions, resources, condition, sid):
    return {'sid': sid or '', 'effect': effect, 'actions': sorted(actions), 'resources': sorted(resources),
            'condition': condition or {}}


def _key_statement(effect, actions, resources, condition, sid, principal):
    """A key policy statement: as an IAM one, with its principals ({type: [ids]}) and every condition
    value a list (CloudFormation takes a string or a list, Terraform always a list)."""
    s = _statement(effect, actions, resources, {t: {k: sorted(_list(v)) for k, v in c.items()}
                                                for t, c in (condition or {}).items()}, sid)
    s['principal'] = {t: sorted(_list(ids)) for t, ids in principal.items()}
    return norm(s)


def _alarm(name, namespace, metric, dimensions, statistic, period, evaluation_periods, datapoints, threshold,
           comparison, missing, actions_enabled, actions, ok_actions, queries):
    """An alarm on one metric (namespace, metric, ...) or on metric math (queries, sorted by id)."""
    return norm({'namespace': namespace, 'metric': metric, 'dimensions': dimensions, 'statistic': statistic,
                 'period': period, 'evaluation_periods': evaluation_periods, 'datapoints': datapoints,
                 'threshold': threshold, 'comparison': comparison, 'missing': missing,
                 'actions_enabled': True if actions_enabled is None else actions_enabled,
                 'actions': sorted(actions or []), 'ok_actions': sorted(ok_actions or []),
                 'queries': sorted(queries, key=lambda q: q['id']) if queries else None})


def _query(qid, expression, label, return_data, metric):
    return {'id': qid, 'expression': expression, 'label': label,
            'return_data': True if return_data is None else return_data, 'metric': metric}


# ================================================================================== SAM
class SamModel:
    def __init__(self, template, overrides=None):
        self.t = template
        self.resources = template.get('Resources', {})
        self.params = {}
        for name, p in template.get('Parameters', {}).items():
            if overrides and name in overrides:
                self.params[name] = overrides[name]
            elif 'Default' in p:
                self.params[name] = p['Default']
            else:
                self.params[name] = '{%s}' % snake(name)
        self.conditions = {}

    # ---------------------------------------------------------------- intrinsics
    def condition(self, name):
        if name not in self.conditions:
            self.conditions[name] = bool(self.ev(self.t['Conditions'][name]))
        return self.conditions[name]

    def active(self, logical):
        c = self.resources[logical].get('Condition')
        return c is None or self.condition(c)

    def ev(self, v):
        if isinstance(v, list):
            return [x for x in (self.ev(x) for x in v) if x is not None]
        if not isinstance(v, dict):
            return v
        if len(v) == 1:
            (k, a), = v.items()
            if k == 'Ref':
                return self.ref(a)
            if k == 'Fn::GetAtt':
                return self.getatt(*(a.split('.', 1) if isinstance(a, str) else a))
            if k == 'Fn::Sub':
                return self.sub(a)
            if k == 'Fn::FindInMap':
                m, key, attr = [self.ev(x) for x in a]
                return self.t['Mappings'][m][str(key)][attr]
            if k == 'Fn::If':
                return self.ev(a[1] if self.condition(a[0]) else a[2])
            if k == 'Fn::Equals':
                x, y = [self.ev(x) for x in a]
                return str(x) == str(y)
            if k == 'Fn::Not':
                return not self.ev(a[0])
            if k == 'Fn::And':
                return all(self.ev(x) for x in a)
            if k == 'Fn::Or':
                return any(self.ev(x) for x in a)
            if k == 'Condition':
                return self.condition(a)
            if k.startswith('Fn::'):
                raise HclError('intrinsic %s is not supported by the parity model' % k)
        return {k: self.ev(x) for k, x in v.items()}

    def ref(self, name):
        if name in PSEUDO:
            return PSEUDO[name]
        if name in self.params:
            return self.params[name]
        kind, _ = SAM_KINDS[self.resources[name]['Type']]
        return self.name_of(name) if kind in PLAIN_REF_KINDS else '%s:%s' % (kind, self.name_of(name))

    def getatt(self, name, attr):
        kind, _ = SAM_KINDS[self.resources[name]['Type']]
        n = self.name_of(name)
        if attr == 'Arn':
            return 'loggroup:%s:*' % n if kind == 'loggroup' else '%s:%s' % (kind, n)
        if attr in ('QueueName', 'Name'):
            return n
        if attr == 'ApiEndpoint':
            return 'endpoint:%s' % n
        if kind == 'esm' and attr == 'Id':
            return 'esm:%s' % n
        if kind == 'esm' and attr == 'EventSourceMappingArn':
            return 'esm-arn:%s' % n
        raise HclError('GetAtt %s.%s is not supported by the parity model' % (name, attr))

    def sub(self, a):
        text, local = (a, {}) if isinstance(a, str) else (a[0], a[1])

        def one(m):
            key = m.group(1)
            if key in local:
                return str(self.ev(local[key]))
            if '.' in key and not key.startswith('AWS::'):
                return str(self.getatt(*key.split('.', 1)))
            v = self.ref(key)
            return json.dumps(v) if isinstance(v, (list, dict)) else str(v)
        return re.sub(r'\$\{([^}!]+)\}', one, text)

    def name_of(self, logical):
        r = self.resources[logical]
        kind, prop = SAM_KINDS[r['Type']]
        if kind == 'role':
            return next(t['Value'] for t in r['Properties']['Tags'] if t['Key'] == COMPONENT_TAG)
        if kind == 'key':
            return self._key_alias(logical)
        return str(self.ev(r['Properties'][prop]))

    def each(self, *types):
        for logical, r in self.resources.items():
            if r['Type'] in types and self.active(logical):
                yield logical, self.ev(r.get('Properties', {}))

    # ---------------------------------------------------------------- sections
    def model(self):
        return {
            'parameters': {snake(k): norm(v) for k, v in self.params.items()},
            'queues': {p['QueueName']: norm({
                'fifo': p.get('FifoQueue'), 'content_dedup': p.get('ContentBasedDeduplication'),
                'max_size': p.get('MaximumMessageSize'), 'retention': p.get('MessageRetentionPeriod'),
                'visibility': p.get('VisibilityTimeout'), 'sse': p.get('SqsManagedSseEnabled'),
                'kms': p.get('KmsMasterKeyId'), 'redrive': p.get('RedrivePolicy')})
                for _, p in self.each('AWS::SQS::Queue')},
            'tables': self.tables(),
            'topics': {p['TopicName']: p.get('KmsMasterKeyId') for _, p in self.each('AWS::SNS::Topic')},
            'subscriptions': sorted((p['Protocol'], p['TopicArn'], p['Endpoint'])
                                    for _, p in self.each('AWS::SNS::Subscription')),
            'keys': self.keys(),
            'aliases': {p['AliasName']: p['TargetKeyId'] for _, p in self.each('AWS::KMS::Alias')},
            'alarms': {p['AlarmName']: _alarm(
                p['AlarmName'], p.get('Namespace'), p.get('MetricName'),
                {d['Name']: d['Value'] for d in p.get('Dimensions', [])} if 'MetricName' in p else None,
                p.get('Statistic'), p.get('Period'), p['EvaluationPeriods'], p.get('DatapointsToAlarm'),
                p['Threshold'], p['ComparisonOperator'], p.get('TreatMissingData'), p.get('ActionsEnabled'),
                p.get('AlarmActions'), p.get('OKActions'),
                [_query(m['Id'], m.get('Expression'), m.get('Label'), m.get('ReturnData'), self._stat(m.get('MetricStat')))
                 for m in p.get('Metrics', [])])
                for _, p in self.each('AWS::CloudWatch::Alarm')},
            'log_groups': {p['LogGroupName']: norm(p.get('RetentionInDays')) for _, p in self.each('AWS::Logs::LogGroup')},
            'roles': self.roles(),
            'functions': self.functions(),
            'api': self.api(),
            'ecs': self.ecs(),
            'outputs': sorted(re.sub(r'[^a-z0-9]', '', k.lower()) for k, o in self.t.get('Outputs', {}).items()),
            'dashboards': {p['DashboardName']: json.loads(p['DashboardBody'])
                           for _, p in self.each('AWS::CloudWatch::Dashboard')},
        }

    def tables(self):
        tables = {}
        for logical, p in self.each('AWS::DynamoDB::Table'):
            r = self.resources[logical]
            tables[p['TableName']] = norm({
                'keys': {k['KeyType']: k['AttributeName'] for k in p['KeySchema']},
                'attributes': {a['AttributeName']: a['AttributeType'] for a in p['AttributeDefinitions']},
                'billing': p.get('BillingMode'),
                'pitr': p.get('PointInTimeRecoverySpecification', {}).get('PointInTimeRecoveryEnabled', False),
                'sse': p.get('SSESpecification', {}).get('SSEEnabled', False),
                'sse_key': p.get('SSESpecification', {}).get('KMSMasterKeyId'),
                'ttl': p['TimeToLiveSpecification']['AttributeName']
                if p.get('TimeToLiveSpecification', {}).get('Enabled') else None,
                # Kept when the stack goes or the table would be replaced (Terraform: prevent_destroy).
                'retained': r.get('DeletionPolicy') == 'Retain' and r.get('UpdateReplacePolicy') == 'Retain'})
        return tables

    def _key_alias(self, logical):
        """A key goes by its alias (AliasName of the AWS::KMS::Alias whose TargetKeyId is the key)."""
        targets = ({'Ref': logical}, {'Fn::GetAtt': [logical, 'Arn']}, {'Fn::GetAtt': [logical, 'KeyId']})
        for r in self.resources.values():
            if r['Type'] == 'AWS::KMS::Alias' and r['Properties'].get('TargetKeyId') in targets:
                return str(self.ev(r['Properties']['AliasName']))
        raise HclError('KMS key %s has no alias (the model names keys by their alias)' % logical)

    @staticmethod
    def _stat(ms):
        if ms is None:
            return None
        m = ms['Metric']
        return {'namespace': m['Namespace'], 'metric': m['MetricName'],
                'dimensions': {d['Name']: d['Value'] for d in m.get('Dimensions', [])},
                'period': ms['Period'], 'stat': ms['Stat']}

    def keys(self):
        keys = {}
        for logical, p in self.each('AWS::KMS::Key'):
            statements = [_key_statement(s['Effect'], _list(s['Action']), _list(s['Resource']), s.get('Condition'),
                                         s.get('Sid'), s.get('Principal', {}))
                          for s in p['KeyPolicy']['Statement']]
            keys[self.name_of(logical)] = norm({'description': p.get('Description'),
                                                'rotation': p.get('EnableKeyRotation', False),
                                                'policy': sorted(statements, key=_stmt_key)})
        return keys

    def roles(self):
        roles = {}
        for logical, p in self.each('AWS::IAM::Role'):
            statements = []
            for policy in p.get('Policies', []):
                for s in policy['PolicyDocument']['Statement']:
                    statements.append(_statement(s['Effect'], _list(s['Action']), _list(s['Resource']),
                                                 s.get('Condition'), s.get('Sid')))
            trust = sorted(x for s in p['AssumeRolePolicyDocument']['Statement'] for x in _list(s['Principal']['Service']))
            roles[self.name_of(logical)] = {'trust': trust, 'statements': sorted(statements, key=_stmt_key)}
        return roles

    def functions(self):
        glob = self.ev(self.t.get('Globals', {}).get('Function', {}))
        mappings = {}
        for _, m in self.each('AWS::Lambda::EventSourceMapping'):
            mappings.setdefault(m['FunctionName'], []).append(_event(
                m['EventSourceArn'], m.get('BatchSize'), m.get('FunctionResponseTypes'),
                m.get('ScalingConfig', {}).get('MaximumConcurrency'), m.get('Enabled', True)))
        out = {}
        for logical, p in self.each('AWS::Serverless::Function'):
            p = {**glob, **p}
            events = [_event(e['Properties']['Queue'], e['Properties'].get('BatchSize'),
                             e['Properties'].get('FunctionResponseTypes'),
                             e['Properties'].get('ScalingConfig', {}).get('MaximumConcurrency'),
                             e['Properties'].get('Enabled', True))
                      for e in p.get('Events', {}).values() if e['Type'] == 'SQS']
            events += mappings.get(p['FunctionName'], [])
            out[p['FunctionName']] = norm({
                'runtime': p['Runtime'], 'handler': p['Handler'], 'memory': p['MemorySize'], 'timeout': p['Timeout'],
                'architectures': p.get('Architectures'), 'role': p['Role'],
                'environment': p.get('Environment', {}).get('Variables', {}),
                'subnets': p['VpcConfig']['SubnetIds'], 'security_groups': p['VpcConfig']['SecurityGroupIds'],
                'events': events})
        return out

    def api(self):
        return norm({
            'apis': sorted((p['Name'], p['ProtocolType']) for _, p in self.each('AWS::ApiGatewayV2::Api')),
            'integrations': sorted((p['ApiId'], p['IntegrationType'], p['IntegrationUri'], p['PayloadFormatVersion'],
                                    p.get('TimeoutInMillis')) for _, p in self.each('AWS::ApiGatewayV2::Integration')),
            'routes': sorted((p['ApiId'], p['RouteKey'], p.get('AuthorizationType', 'NONE'), p['Target'])
                             for _, p in self.each('AWS::ApiGatewayV2::Route')),
            'stages': sorted((p['ApiId'], p['StageName'], p.get('AutoDeploy', False))
                             for _, p in self.each('AWS::ApiGatewayV2::Stage')),
            'permissions': sorted((p['Action'], p['FunctionName'], p['Principal'], p['SourceArn'])
                                  for _, p in self.each('AWS::Lambda::Permission')),
        })

    def ecs(self):
        taskdefs = {p['Family']: norm({
            'compatibilities': p['RequiresCompatibilities'], 'network_mode': p['NetworkMode'], 'cpu': p['Cpu'],
            'memory': p['Memory'], 'os': p['RuntimePlatform']['OperatingSystemFamily'],
            'arch': p['RuntimePlatform']['CpuArchitecture'], 'execution_role': p['ExecutionRoleArn'],
            'task_role': p['TaskRoleArn'], 'containers': camel_keys(p['ContainerDefinitions'])})
            for _, p in self.each('AWS::ECS::TaskDefinition')}
        services = {}
        for _, p in self.each('AWS::ECS::Service'):
            d = p.get('DeploymentConfiguration', {})
            net = p['NetworkConfiguration']['AwsvpcConfiguration']
            services[p['ServiceName']] = norm({
                'cluster': p['Cluster'], 'task_definition': p['TaskDefinition'], 'launch_type': p['LaunchType'],
                'desired_count': p['DesiredCount'], 'max_percent': d.get('MaximumPercent'),
                'min_healthy_percent': d.get('MinimumHealthyPercent'),
                'circuit_breaker': [d.get('DeploymentCircuitBreaker', {}).get('Enable', False),
                                    d.get('DeploymentCircuitBreaker', {}).get('Rollback', False)],
                'public_ip': net.get('AssignPublicIp') == 'ENABLED', 'subnets': net['Subnets'],
                'security_groups': net['SecurityGroups'], 'propagate_tags': p.get('PropagateTags')})
        clusters = sorted(p['ClusterName'] for _, p in self.each('AWS::ECS::Cluster'))
        return {'clusters': clusters, 'task_definitions': taskdefs, 'services': services}


def _list(v):
    return v if isinstance(v, list) else [v]


def _event(queue, batch_size, response_types, max_concurrency, enabled):
    """An SQS event source of a function, from SAM's Events, an explicit mapping or Terraform's."""
    return norm({'queue': queue, 'batch_size': batch_size, 'response_types': response_types,
                 'max_concurrency': max_concurrency, 'enabled': enabled})


def _stmt_key(s):
    return (s['sid'], s['actions'], s['resources'])


# ================================================================================== Terraform
class TfModel:
    def __init__(self, module, module_dir, overrides=None):
        self.m = module
        self.dir = module_dir
        self.resources = module.get('resource', {})
        self.data = module.get('data', {})
        self.ev = Evaluator(module, self._resolve, overrides)
        self._instances = {}

    # ---------------------------------------------------------------- instances and references
    def instances(self, kind, name, source=None):
        """[(key, each, body)] of one resource (or data source) block."""
        source = self.resources if source is None else source
        cache_key = (id(source), kind, name)
        if cache_key not in self._instances:
            body = source[kind][name][0]
            if 'for_each' in body:
                coll = self.ev.value(body['for_each'])
                items = coll.items() if isinstance(coll, dict) else ((k, k) for k in coll)
                out = [(k, (k, v), body) for k, v in items]
            elif 'count' in body:
                out = [(i, None, body) for i in range(int(self.ev.value(body['count'])))]
            else:
                out = [(None, None, body)]
            self._instances[cache_key] = out
        return self._instances[cache_key]

    def evaluated(self, kind, name, source=None):
        for key, each, body in self.instances(kind, name, source):
            yield key, {k: self.ev.value(v, each) for k, v in body.items()
                        if k not in ('for_each', 'count', 'depends_on', 'lifecycle')}

    def instance(self, kind, name, key, source=None):
        for k, each, body in self.instances(kind, name, source):
            if k == key:
                return each, body
        raise HclError('%s.%s has no instance %r' % (kind, name, key))

    def name_of(self, kind, name, key):
        each, body = self.instance(kind, name, key)
        tf_kind, prop = TF_KINDS[kind]
        if tf_kind == 'role':
            return self.ev.value(body['tags'], each)[COMPONENT_TAG]
        if tf_kind == 'key':
            return self._key_alias(name)
        n = str(self.ev.value(body[prop], each))
        # function_name of a mapping may be the function's ARN ("function:<name>" here): the name.
        return n.split(':', 1)[1] if tf_kind == 'esm' and n.startswith('function:') else n

    def _resolve(self, path, ev):
        if path[0] == 'data':
            return self._data(path[1:])
        kind, name = path[0], path[1]
        body = self.resources[kind][name][0]
        multi = 'for_each' in body or 'count' in body
        key, attr = (path[2], path[3]) if multi else (None, path[2])
        tf_kind, _ = TF_KINDS[kind]
        n = self.name_of(kind, name, key)
        if attr in PLAIN_TF_ATTRS or (attr == 'id' and tf_kind in PLAIN_REF_KINDS | {'role'}):
            return n
        if attr == 'api_endpoint':
            return 'endpoint:%s' % n
        if tf_kind == 'esm':
            if attr in ('uuid', 'id'):
                return 'esm:%s' % n
            if attr == 'arn':
                return 'esm-arn:%s' % n
        if attr == 'execution_arn':
            return 'arn:{partition}:execute-api:{region}:{account}:api:%s' % n
        if attr in ('arn', 'url', 'id') or (tf_kind == 'key' and attr == 'key_id'):
            return '%s:%s' % (tf_kind, n)
        raise HclError('attribute %s of %s.%s is not supported by the parity model' % (attr, kind, name))

    def _data(self, path):
        kind, name = path[0], path[1]
        if kind == 'aws_partition':
            return {'partition': '{partition}', 'dns_suffix': '{dns_suffix}'}[path[2]]
        if kind == 'aws_region':
            return '{region}'
        if kind == 'aws_caller_identity':
            return '{account}'
        if kind == 'aws_iam_policy_document':
            body = self.data[kind][name][0]
            key = path[2] if ('for_each' in body or 'count' in body) else None
            return {'policy_document': (name, key)}
        raise HclError('data source %s is not supported by the parity model' % kind)

    def policy(self, ref):
        name, key = ref['policy_document']
        each, body = self.instance('aws_iam_policy_document', name, key, self.data)
        statements = []
        for s in body.get('statement', []) + self.dynamic_statements(body, each):
            s = self.ev.value(s, each)
            cond = {}
            for c in s.get('condition', []):
                cond.setdefault(c['test'], {})[c['variable']] = c['values']
            principals = [i for p in s.get('principals', []) for i in p['identifiers']]
            principal = {}
            for p in s.get('principals', []):
                principal.setdefault(p['type'], []).extend(p['identifiers'])
            statements.append(dict(_statement(s.get('effect', 'Allow'), s['actions'], s.get('resources', []), cond,
                                              s.get('sid')), principals=principals, principal=principal))
        return statements

    def dynamic_statements(self, body, each):
        """The statements of a document's dynamic "statement" blocks: the content once per for_each element
        (a content may not use the iterator: the model does not resolve statement.value)."""
        out = []
        for block in body.get('dynamic', {}).get('statement', []):
            elements = self.ev.value(block['for_each'], each)
            out += [block['content'][0]] * len(elements)
        return out

    # ---------------------------------------------------------------- sections
    def each(self, kind):
        for name in self.resources.get(kind, {}):
            for key, body in self.evaluated(kind, name):
                yield body

    def model(self):
        return {
            'parameters': {k: norm(v) for k, v in self.ev.variables.items()},
            'queues': {q['name']: norm({
                'fifo': q.get('fifo_queue'), 'content_dedup': q.get('content_based_deduplication'),
                'max_size': q.get('max_message_size'), 'retention': q.get('message_retention_seconds'),
                'visibility': q.get('visibility_timeout_seconds'), 'sse': q.get('sqs_managed_sse_enabled'),
                'kms': q.get('kms_master_key_id'),
                'redrive': q['redrive_policy']['jsonencode'] if 'redrive_policy' in q else None})
                for q in self.each('aws_sqs_queue')},
            'tables': self.tables(),
            'topics': {t['name']: t.get('kms_master_key_id') for t in self.each('aws_sns_topic')},
            'subscriptions': sorted((s['protocol'], s['topic_arn'], s['endpoint'])
                                    for s in self.each('aws_sns_topic_subscription')),
            'keys': self.keys(),
            'aliases': {a['name']: a['target_key_id'] for a in self.each('aws_kms_alias')},
            'alarms': {a['alarm_name']: _alarm(
                a['alarm_name'], a.get('namespace'), a.get('metric_name'),
                a.get('dimensions', {}) if 'metric_name' in a else None, a.get('statistic'), a.get('period'),
                a['evaluation_periods'], a.get('datapoints_to_alarm'), a['threshold'], a['comparison_operator'],
                a.get('treat_missing_data'), a.get('actions_enabled'), a.get('alarm_actions'), a.get('ok_actions'),
                [_query(q['id'], q.get('expression'), q.get('label'), q.get('return_data'),
                        self._stat((q.get('metric') or [None])[0])) for q in a.get('metric_query', [])])
                for a in self.each('aws_cloudwatch_metric_alarm')},
            'log_groups': {g['name']: norm(g.get('retention_in_days')) for g in self.each('aws_cloudwatch_log_group')},
            'roles': self.roles(),
            'functions': self.functions(),
            'api': self.api(),
            'ecs': self.ecs(),
            'outputs': sorted(re.sub(r'[^a-z0-9]', '', k.lower()) for k in self.m.get('output', {})),
            'dashboards': {d['dashboard_name']: self.template_json(d['dashboard_body'])
                           for d in self.each('aws_cloudwatch_dashboard')},
        }

    def tables(self):
        tables = {}
        for name, blocks in self.resources.get('aws_dynamodb_table', {}).items():
            lifecycle = (blocks[0].get('lifecycle') or [{}])[0]
            for _, t in self.evaluated('aws_dynamodb_table', name):
                sse = (t.get('server_side_encryption') or [{}])[0]
                tables[t['name']] = norm({
                    'keys': {k: v for k, v in (('HASH', t.get('hash_key')), ('RANGE', t.get('range_key'))) if v},
                    'attributes': {a['name']: a['type'] for a in t['attribute']}, 'billing': t.get('billing_mode'),
                    'pitr': any(p['enabled'] for p in t.get('point_in_time_recovery', [])),
                    'sse': bool(sse.get('enabled')), 'sse_key': sse.get('kms_key_arn'),
                    'ttl': next((x['attribute_name'] for x in t.get('ttl', []) if x.get('enabled')), None),
                    # prevent_destroy refuses a destroy and a replacement alike (SAM: both policies Retain).
                    'retained': lifecycle.get('prevent_destroy') is True})
        return tables

    def _key_alias(self, name):
        """A key goes by its alias (name of the aws_kms_alias whose target_key_id is the key)."""
        for alias in self.resources.get('aws_kms_alias', {}).values():
            if re.fullmatch(r'\$\{aws_kms_key\.%s\.(key_id|arn|id)\}' % re.escape(name), alias[0]['target_key_id']):
                return str(self.ev.value(alias[0]['name']))
        raise HclError('aws_kms_key.%s has no alias (the model names keys by their alias)' % name)

    @staticmethod
    def _stat(m):
        if m is None:
            return None
        return {'namespace': m['namespace'], 'metric': m['metric_name'], 'dimensions': m.get('dimensions', {}),
                'period': m['period'], 'stat': m['stat']}

    def keys(self):
        keys = {}
        for name in self.resources.get('aws_kms_key', {}):
            k = next(body for _, body in self.evaluated('aws_kms_key', name))
            statements = [_key_statement(s['effect'], s['actions'], s['resources'], s['condition'], s['sid'],
                                         s['principal']) for s in self.policy(k['policy'])]
            keys[self._key_alias(name)] = norm({'description': k.get('description'),
                                                   'rotation': k.get('enable_key_rotation', False),
                                                   'policy': sorted(statements, key=_stmt_key)})
        return keys

    def template_json(self, tf):
        path = tf['templatefile'].replace('{path.module}', self.dir)
        with open(path) as f:
            return json.loads(substitute(f.read(), tf['vars']))

    def roles(self):
        policies = {}
        for p in self.each('aws_iam_role_policy'):
            policies.setdefault(p['role'], []).extend(self.policy(p['policy']))
        roles = {}
        for r in self.each('aws_iam_role'):
            component = r['tags'][COMPONENT_TAG]
            trust = sorted(x for s in self.policy(r['assume_role_policy']) for x in s['principals'])
            statements = [{k: v for k, v in s.items() if k not in ('principals', 'principal')}
                          for s in policies.get(component, [])]
            roles[component] = {'trust': trust, 'statements': sorted(statements, key=_stmt_key)}
        return roles

    def functions(self):
        events = {}
        for m in self.each('aws_lambda_event_source_mapping'):
            events.setdefault(m['function_name'].split(':', 1)[1], []).append(_event(
                m['event_source_arn'], m.get('batch_size'), m.get('function_response_types'),
                (m.get('scaling_config') or [{}])[0].get('maximum_concurrency'), m.get('enabled', True)))
        out = {}
        for f in self.each('aws_lambda_function'):
            vpc = f['vpc_config'][0]
            out[f['function_name']] = norm({
                'runtime': f['runtime'], 'handler': f['handler'], 'memory': f['memory_size'], 'timeout': f['timeout'],
                'architectures': f.get('architectures'), 'role': f['role'],
                'environment': (f.get('environment') or [{}])[0].get('variables', {}),
                'subnets': vpc['subnet_ids'], 'security_groups': vpc['security_group_ids'],
                'events': events.get(f['function_name'], [])})
        return out

    def api(self):
        return norm({
            'apis': sorted((a['name'], a['protocol_type']) for a in self.each('aws_apigatewayv2_api')),
            'integrations': sorted((i['api_id'], i['integration_type'], i['integration_uri'],
                                    i['payload_format_version'], i.get('timeout_milliseconds'))
                                   for i in self.each('aws_apigatewayv2_integration')),
            'routes': sorted((r['api_id'], r['route_key'], r.get('authorization_type', 'NONE'),
                              r['target'])
                             for r in self.each('aws_apigatewayv2_route')),
            'stages': sorted((s['api_id'], s['name'], s.get('auto_deploy', False))
                             for s in self.each('aws_apigatewayv2_stage')),
            'permissions': sorted((p['action'], p['function_name'], p['principal'], p['source_arn'])
                                  for p in self.each('aws_lambda_permission')),
        })

    def ecs(self):
        taskdefs = {t['family']: norm({
            'compatibilities': t['requires_compatibilities'], 'network_mode': t['network_mode'], 'cpu': t['cpu'],
            'memory': t['memory'], 'os': t['runtime_platform'][0]['operating_system_family'],
            'arch': t['runtime_platform'][0]['cpu_architecture'], 'execution_role': t['execution_role_arn'],
            'task_role': t['task_role_arn'], 'containers': self.template_json(t['container_definitions'])})
            for t in self.each('aws_ecs_task_definition')}
        services = {}
        for s in self.each('aws_ecs_service'):
            net = s['network_configuration'][0]
            breaker = (s.get('deployment_circuit_breaker') or [{}])[0]
            services[s['name']] = norm({
                'cluster': s['cluster'], 'task_definition': s['task_definition'], 'launch_type': s['launch_type'],
                'desired_count': s['desired_count'], 'max_percent': s.get('deployment_maximum_percent'),
                'min_healthy_percent': s.get('deployment_minimum_healthy_percent'),
                'circuit_breaker': [breaker.get('enable', False), breaker.get('rollback', False)],
                'public_ip': s['network_configuration'][0].get('assign_public_ip', False),
                'subnets': net['subnets'], 'security_groups': net['security_groups'],
                'propagate_tags': s.get('propagate_tags')})
        clusters = sorted(c['name'] for c in self.each('aws_ecs_cluster'))
        return {'clusters': clusters, 'task_definitions': taskdefs, 'services': services}


def load_terraform(module_dir, hcl2json_cmd):
    import subprocess
    out = subprocess.run(hcl2json_cmd + [module_dir], capture_output=True, text=True)
    if out.returncode != 0:
        raise HclError('hcl2json failed on %s: %s' % (module_dir, out.stderr.strip()))
    return json.loads(out.stdout)


def load_sam(path):
    from cfnlint.decode import decode
    template, matches = decode(path)
    if matches:
        raise HclError('cannot read %s: %s' % (path, '; '.join(str(m) for m in matches)))
    return template


def module_dir_of(path):
    return os.path.abspath(path)
