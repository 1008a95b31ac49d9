# CloudWatch publishes the alarms' notifications to an encrypted topic only with kms:Decrypt and
# kms:GenerateDataKey* on its key; the AWS managed key alias/aws/sns never grants that (its policy
# cannot be changed), so every publish failed. Hence a key of the module's own, for the topic only.
resource "aws_kms_key" "alerts" {
  description         = "duplex-${var.task_name} alert topic - CloudWatch alarms of the task publish with it"
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.alert_key.json
  tags                = var.tags
}

resource "aws_kms_alias" "alerts" {
  name          = "alias/duplex-${var.task_name}-alerts"
  target_key_id = aws_kms_key.alerts.key_id
}

# In a key policy, resources = ["*"] means this key (test/check_infra.py accepts it only here).
data "aws_iam_policy_document" "alert_key" {
  # The account administers the key (through IAM policies); using it is CloudWatch's alone.
  statement {
    sid = "AccountAdministersKey"
    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
    actions = ["kms:CancelKeyDeletion", "kms:CreateAlias", "kms:CreateGrant", "kms:DeleteAlias", "kms:DescribeKey",
      "kms:DisableKey", "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation", "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus", "kms:ListGrants", "kms:ListKeyPolicies", "kms:ListKeyRotations",
      "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:RetireGrant", "kms:RevokeGrant", "kms:RotateKeyOnDemand",
      "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias",
    "kms:UpdateKeyDescription"]
    resources = ["*"]
  }
  # As AWS documents for CloudWatch alarms and encrypted SNS topics, limited (confused deputy) to
  # this account's alarms of this task.
  statement {
    sid = "CloudWatchAlarmsPublish"
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:duplex-${var.task_name}-*"]
    }
  }
}

resource "aws_sns_topic" "alerts" {
  name              = "duplex-${var.task_name}-alerts"
  kms_master_key_id = aws_kms_key.alerts.arn
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "alert_email" {
  count     = var.alert_email == "" ? 0 : 1
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.alert_email
}

resource "aws_cloudwatch_metric_alarm" "dlq_not_empty" {
  for_each            = var.alert_dead_letter_messages > 0 ? local.directions : {}
  alarm_name          = "duplex-${var.task_name}-${each.key}-dlq-not-empty"
  alarm_description   = "Messages reached the ${each.key} dead-letter queue; the task stopped applying them (see duplex status, recover with duplex task recover)."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dlq[each.key].name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = var.alert_dead_letter_messages
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  actions_enabled     = var.alerts_enabled
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
  tags                = var.tags
}

# Latency comes from the heartbeat every second: no data means nothing is applied, which is an alarm too.
# The metric is in ms, alert_latency_seconds in seconds (as the task configuration).
resource "aws_cloudwatch_metric_alarm" "latency" {
  for_each            = var.alert_latency_seconds > 0 ? local.directions : {}
  alarm_name          = "duplex-${var.task_name}-${each.key}-latency"
  alarm_description   = "${each.key} end-to-end latency is above the threshold, or nothing is applied."
  namespace           = "Duplex"
  metric_name         = "Latency"
  dimensions          = { Task = var.task_name, Direction = each.key }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = var.alert_latency_seconds * 1000
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "breaching"
  actions_enabled     = var.alerts_enabled
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "apply_errors" {
  for_each            = local.directions
  alarm_name          = "duplex-${var.task_name}-${each.key}-apply-errors"
  alarm_description   = "${each.key} messages failed to apply and were returned to the queue (see the function log and duplex status)."
  namespace           = "Duplex"
  metric_name         = "ApplyErrors"
  dimensions          = { Task = var.task_name, Direction = each.key }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  actions_enabled     = var.alerts_enabled
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
  tags                = var.tags
}

# Conflicts of both directions summed over an hour (FILL: a direction without conflicts has no data).
resource "aws_cloudwatch_metric_alarm" "conflicts" {
  count               = var.alert_conflicts_per_hour > 0 ? 1 : 0
  alarm_name          = "duplex-${var.task_name}-conflicts"
  alarm_description   = "The task recorded at least AlertConflictsPerHour conflicts within an hour (see the conflict log, duplex status)."
  evaluation_periods  = 1
  threshold           = var.alert_conflicts_per_hour
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  actions_enabled     = var.alerts_enabled
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
  tags                = var.tags

  metric_query {
    id          = "conflicts"
    label       = "conflicts per hour, both directions"
    expression  = "FILL(a2b, 0) + FILL(b2a, 0)"
    return_data = true
  }
  metric_query {
    id          = "a2b"
    return_data = false
    metric {
      namespace   = "Duplex"
      metric_name = "Conflicts"
      dimensions  = { Task = var.task_name, Direction = "a2b" }
      period      = 3600
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "b2a"
    return_data = false
    metric {
      namespace   = "Duplex"
      metric_name = "Conflicts"
      dimensions  = { Task = var.task_name, Direction = "b2a" }
      period      = 3600
      stat        = "Sum"
    }
  }
}

# DDL node b refused within an hour. DDL is synchronized forward only, so only a2b emits DdlFailures.
resource "aws_cloudwatch_metric_alarm" "ddl_failures" {
  count               = var.alert_ddl_failures_per_hour > 0 ? 1 : 0
  alarm_name          = "duplex-${var.task_name}-a2b-ddl-failures"
  alarm_description   = "Node b refused at least AlertDdlFailuresPerHour DDL statements within an hour; they were skipped and its schema now differs from node a's (duplex status shows the last one and its error)."
  namespace           = "Duplex"
  metric_name         = "DdlFailures"
  dimensions          = { Task = var.task_name, Direction = "a2b" }
  statistic           = "Sum"
  period              = 3600
  evaluation_periods  = 1
  threshold           = var.alert_ddl_failures_per_hour
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  actions_enabled     = var.alerts_enabled
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
  tags                = var.tags
}

# Rows removed on one node by a statement that is not forwarded (TRUNCATE, partitions dropped,
# truncated or exchanged; on node b, or on node a with sync.ddl false), both directions summed over
# five minutes (FILL: the captures report 0 every 10 s, but a direction may be down). The capture
# also writes each one to the task log with its fix.
resource "aws_cloudwatch_metric_alarm" "one_sided_removals" {
  alarm_name          = "duplex-${var.task_name}-one-sided-removals"
  alarm_description   = "A statement that is not forwarded (TRUNCATE, a partition dropped, truncated or exchanged) removed rows on one node only; the nodes differ until the same statement runs on the other node or duplex verify --repair copies the rows back (duplex status shows the task log line with the table and the fix)."
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  actions_enabled     = var.alerts_enabled
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
  tags                = var.tags

  metric_query {
    id          = "removals"
    label       = "one-sided row removals, both directions"
    expression  = "FILL(a2b, 0) + FILL(b2a, 0)"
    return_data = true
  }
  metric_query {
    id          = "a2b"
    return_data = false
    metric {
      namespace   = "Duplex"
      metric_name = "OneSidedRemovals"
      dimensions  = { Task = var.task_name, Direction = "a2b" }
      period      = 300
      stat        = "Sum"
    }
  }
  metric_query {
    id          = "b2a"
    return_data = false
    metric {
      namespace   = "Duplex"
      metric_name = "OneSidedRemovals"
      dimensions  = { Task = var.task_name, Direction = "b2a" }
      period      = 300
      stat        = "Sum"
    }
  }
}

# Node a's capture container reports TaskFailed (1 while the task is FAILED) every 10 s. Missing
# data is ignored: the alarm keeps its state, so a FAILED task whose container then stops stays in
# ALARM, and no alarm fires before the captures run (deploy_compute = false); the silence itself is
# the capture-a-not-running alarm's.
resource "aws_cloudwatch_metric_alarm" "task_failed" {
  count               = var.alert_on_failure ? 1 : 0
  alarm_name          = "duplex-${var.task_name}-task-failed"
  alarm_description   = "The task is FAILED; nothing is applied until it is recovered (duplex status gives the reason; duplex task recover)."
  namespace           = "Duplex"
  metric_name         = "TaskFailed"
  dimensions          = { Task = var.task_name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "ignore"
  actions_enabled     = var.alerts_enabled
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
  tags                = var.tags
}

# Node a's capture container reports VerifyDifferences after each scheduled verification
# (verify.schedule): the keys that still differed once replication caught up. Missing data is
# ignored: between runs the alarm keeps the last run's verdict.
resource "aws_cloudwatch_metric_alarm" "verify_differences" {
  alarm_name          = "duplex-${var.task_name}-verify-differences"
  alarm_description   = "The last scheduled verification found rows that differ between the nodes (duplex status names them; repair with duplex verify --repair)."
  namespace           = "Duplex"
  metric_name         = "VerifyDifferences"
  dimensions          = { Task = var.task_name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "ignore"
  actions_enabled     = var.alerts_enabled
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
  tags                = var.tags
}

# A running capture reports CaptureRunning every 10 s; silence for three minutes means it is not running.
resource "aws_cloudwatch_metric_alarm" "capture_not_running" {
  for_each            = local.nodes
  alarm_name          = "duplex-${var.task_name}-capture-${each.key}-not-running"
  alarm_description   = "The capture of node ${each.key} (direction ${each.value.direction}) is not running or not healthy."
  namespace           = "Duplex"
  metric_name         = "CaptureRunning"
  dimensions          = { Task = var.task_name, Direction = each.value.direction }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
  actions_enabled     = var.alerts_enabled
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "function_errors" {
  for_each            = local.compute_directions
  alarm_name          = "duplex-${var.task_name}-${each.key}-function-errors"
  alarm_description   = "The ${each.key} apply function failed (crash, time-out or out of memory)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.apply[each.key].function_name }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  actions_enabled     = var.alerts_enabled
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
  tags                = var.tags
}
