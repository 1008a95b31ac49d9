resource "aws_sqs_queue" "dlq" {
  for_each                    = local.directions
  name                        = "duplex-${var.task_name}-${each.key}-dlq.fifo"
  fifo_queue                  = true
  content_based_deduplication = false
  max_message_size            = 1048576
  message_retention_seconds   = 1209600
  sqs_managed_sse_enabled     = local.kms_key_set ? null : true
  kms_master_key_id           = local.kms_key_set ? var.kms_key_arn : null
  tags                        = var.tags
}

resource "aws_sqs_queue" "queue" {
  for_each = local.directions
  name     = "duplex-${var.task_name}-${each.key}.fifo"
  # Dedup ids are task:direction:group:seq, derived from binlog positions.
  fifo_queue                  = true
  content_based_deduplication = false
  max_message_size            = 1048576
  message_retention_seconds   = 1209600
  visibility_timeout_seconds  = local.visibility_timeout_seconds
  sqs_managed_sse_enabled     = local.kms_key_set ? null : true
  kms_master_key_id           = local.kms_key_set ? var.kms_key_arn : null
  tags                        = var.tags
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[each.key].arn
    maxReceiveCount     = var.max_receive_count
  })
}
