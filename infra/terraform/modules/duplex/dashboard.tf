resource "aws_cloudwatch_dashboard" "main" {
  dashboard_name = "duplex-${var.task_name}"
  dashboard_body = templatefile("${path.module}/dashboard.json.tftpl", {
    task      = var.task_name
    region    = local.region
    queue_a2b = aws_sqs_queue.queue["a2b"].name
    queue_b2a = aws_sqs_queue.queue["b2a"].name
    dlq_a2b   = aws_sqs_queue.dlq["a2b"].name
    dlq_b2a   = aws_sqs_queue.dlq["b2a"].name
  })
}
