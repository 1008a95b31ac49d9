resource "aws_sns_topic" "alerts" {
  name              = "duplex-${var.task_name}-alerts"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic_subscription" "alert_email" {
  count     = var.alert_email == "" ? 0 : 1
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.alert_email
}

resource "aws_cloudwatch_metric_alarm" "dlq_not_empty" {
  for_each            = local.directions
  alarm_name          = "duplex-${var.task_name}-${each.key}-dlq-not-empty"
  alarm_description   = "Messages reached the ${each.key} dead-letter queue; the task stopped applying them (see duplex status)."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dlq[each.key].name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
}

# Latency comes from the heartbeat every second: no data means nothing is applied, which is an alarm too.
resource "aws_cloudwatch_metric_alarm" "latency" {
  for_each            = local.directions
  alarm_name          = "duplex-${var.task_name}-${each.key}-latency"
  alarm_description   = "${each.key} end-to-end latency is above the threshold, or nothing is applied."
  namespace           = "Duplex"
  metric_name         = "Latency"
  dimensions          = { Task = var.task_name, Direction = each.key }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = var.latency_threshold_ms
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
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
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
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
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
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
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
}
