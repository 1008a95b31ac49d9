# The same outputs as the SAM template's (snake_case here).

output "a2b_queue_url" {
  description = "FIFO queue a2b (capture a sends, apply a2b consumes)"
  value       = aws_sqs_queue.queue["a2b"].url
}
output "a2b_queue_arn" {
  value = aws_sqs_queue.queue["a2b"].arn
}
output "a2b_dead_letter_queue_url" {
  value = aws_sqs_queue.dlq["a2b"].url
}
output "b2a_queue_url" {
  description = "FIFO queue b2a (capture b sends, apply b2a consumes)"
  value       = aws_sqs_queue.queue["b2a"].url
}
output "b2a_queue_arn" {
  value = aws_sqs_queue.queue["b2a"].arn
}
output "b2a_dead_letter_queue_url" {
  value = aws_sqs_queue.dlq["b2a"].url
}
output "tasks_table_name" {
  value = aws_dynamodb_table.tasks.name
}
output "checkpoints_table_name" {
  value = aws_dynamodb_table.checkpoints.name
}
output "status_table_name" {
  value = aws_dynamodb_table.status.name
}
output "conflicts_table_name" {
  value = aws_dynamodb_table.conflicts.name
}
output "alert_topic_arn" {
  value = aws_sns_topic.alerts.arn
}
output "alert_key_arn" {
  description = "KMS key of the alert topic (alias/duplex-<task>-alerts)"
  value       = aws_kms_key.alerts.arn
}
output "apply_a2b_function_name" {
  value = var.deploy_compute ? aws_lambda_function.apply["a2b"].function_name : null
}
output "apply_b2a_function_name" {
  value = var.deploy_compute ? aws_lambda_function.apply["b2a"].function_name : null
}
output "precheck_url" {
  description = "POST here with a SigV4-signed request (execute-api:Invoke)"
  value       = var.deploy_compute ? "${aws_apigatewayv2_api.precheck[0].api_endpoint}/precheck" : null
}
output "capture_cluster_name" {
  value = var.deploy_compute ? aws_ecs_cluster.capture[0].name : null
}
