# The same inputs as infra/sam/template.yaml's parameters (snake_case here, PascalCase there);
# infra/test/check_infra.py keeps the two in step.

variable "task_name" {
  type        = string
  description = "The task id, exactly as in the task configuration (task:)."
  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,40}$", var.task_name))
    error_message = "task_name must be 1 to 40 letters, digits, '-' or '_' (as in the task configuration)."
  }
}

variable "table_prefix" {
  type        = string
  default     = "duplex-"
  description = "Prefix of the DynamoDB table names (<prefix>tasks, -checkpoints, -status, -conflicts)."
}

variable "deploy_compute" {
  type        = bool
  default     = true
  description = "false deploys only the queues, tables, alert topic, alarms and dashboard."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets with a network path to both databases, DynamoDB, SQS and Secrets Manager."
}

variable "security_group_ids" {
  type        = list(string)
  description = "Security groups of the functions and capture tasks; the databases must admit them."
}

variable "node_a_secret_arn" {
  type        = string
  description = "Secrets Manager ARN of node a's password (the task configuration references it)."
}

variable "node_b_secret_arn" {
  type        = string
  description = "Secrets Manager ARN of node b's password (the task configuration references it)."
}

variable "node_a_tls_ca_secret_arn" {
  type        = string
  default     = ""
  description = "Secrets Manager ARN of the PEM bundle node a's certificate chains to, when nodes.a.tlsCa is a secretsmanager reference (e.g. the RDS bundle of the region); empty for none."
}

variable "node_b_tls_ca_secret_arn" {
  type        = string
  default     = ""
  description = "Secrets Manager ARN of the PEM bundle node b's certificate chains to (nodes.b.tlsCa); empty for none."
}

variable "capture_image_repository" {
  type        = string
  default     = "duplex-capture"
  description = "ECR repository (in this account and region) holding the capture image."
}

variable "capture_image_tag" {
  type        = string
  default     = "0.1.0"
  description = "Tag of the capture image."
}

variable "alert_email" {
  type        = string
  default     = ""
  description = "E-mail address subscribed to the alarm topic (empty for none)."
}

# The task configuration's `alerts` section (docs/config.md, "Alerts"), which Terraform cannot
# read: set these to the task configuration's alerts values. The defaults are its defaults.
variable "alerts_enabled" {
  type        = bool
  default     = true
  description = "Set to the task configuration's alerts.enabled. false keeps every alarm (state, history) but sends no notification (actions_enabled false)."
}

variable "alert_latency_seconds" {
  type        = number
  default     = 30
  description = "Set to the task configuration's alerts.latencySeconds: end-to-end latency (heartbeat based, seconds) above which the latency alarms fire; 0 creates none."
  validation {
    condition     = var.alert_latency_seconds >= 0 && var.alert_latency_seconds <= 86400 && floor(var.alert_latency_seconds) == var.alert_latency_seconds
    error_message = "alert_latency_seconds must be whole seconds, 0 to 86400 (as alerts.latencySeconds)."
  }
}

variable "alert_on_failure" {
  type        = bool
  default     = true
  description = "Set to the task configuration's alerts.onFailure; true creates the task-failed alarm."
}

variable "alert_conflicts_per_hour" {
  type        = number
  default     = 1
  description = "Set to the task configuration's alerts.conflictsPerHour: conflicts (both directions) within an hour at which the conflicts alarm fires; 0 creates none."
  validation {
    condition     = var.alert_conflicts_per_hour >= 0
    error_message = "alert_conflicts_per_hour must be 0 or more (as alerts.conflictsPerHour)."
  }
}

variable "alert_dead_letter_messages" {
  type        = number
  default     = 1
  description = "Set to the task configuration's alerts.deadLetterMessages: messages in a dead-letter queue at which its alarm fires; 0 creates none."
  validation {
    condition     = var.alert_dead_letter_messages >= 0
    error_message = "alert_dead_letter_messages must be 0 or more (as alerts.deadLetterMessages)."
  }
}

variable "alert_ddl_failures_per_hour" {
  type        = number
  default     = 1
  description = "Set to the task configuration's alerts.ddlFailuresPerHour: DDL statements node b refused (skipped, the task went on) within an hour at which the DDL-failures alarm fires; 0 creates none."
  validation {
    condition     = var.alert_ddl_failures_per_hour >= 0
    error_message = "alert_ddl_failures_per_hour must be 0 or more (as alerts.ddlFailuresPerHour)."
  }
}

variable "apply_timeout_seconds" {
  type        = number
  default     = 60
  description = "Apply function time-out; the queues' visibility time-out is six times this."
  validation {
    condition     = contains([30, 60, 120, 300], var.apply_timeout_seconds)
    error_message = "apply_timeout_seconds must be 30, 60, 120 or 300 (as the SAM template allows)."
  }
}

variable "apply_memory_size" {
  type        = number
  default     = 1024
  description = "Apply function memory (MB); CPU grows with it."
}

variable "apply_max_concurrency" {
  type        = number
  default     = 2
  description = "Event source maximum concurrency (2 is the least Lambda allows; one FIFO group uses one)."
}

variable "max_receive_count" {
  type        = number
  default     = 120
  description = "Receives before a message goes to the DLQ: retryWindowMinutes * 60 / visibility time-out (720 min / 360 s = 120)."
  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be 1 to 1000 (SQS's limits)."
  }
}

variable "log_retention_days" {
  type        = number
  default     = 30
  description = "Retention of the functions' and captures' logs."
}

variable "kms_key_arn" {
  type        = string
  default     = ""
  description = "Customer-managed KMS key (its key ARN) for the queues and tables; the captures, apply functions and precheck function get kms:Decrypt (and kms:GenerateDataKey where they write) on it, through SQS and DynamoDB only. Its key policy must let the account's IAM policies grant it. Empty: the queues use SQS-managed encryption and the tables DynamoDB's AWS managed key, as before."
  validation {
    condition     = can(regex("^(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+)?$", var.kms_key_arn))
    error_message = "kms_key_arn must be empty or a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID; not an alias)."
  }
}

# Terraform-only: the SAM stack takes its tags as stack tags (sam deploy --tags), which
# CloudFormation applies to every resource that has tags (infra/README.md, "Tags").
variable "tags" {
  type        = map(string)
  default     = {}
  description = "Tags for every resource of the module that has tags (the IAM roles keep their duplex:component tag)."
}

# Terraform uploads the function packages itself (SAM's CodeUri names the same files).
variable "apply_function_zip" {
  type        = string
  default     = null
  description = "Path of the apply function package (default: apply-function/target/function.zip of this repository, built by ./mvnw -pl apply-function -am package)."
}

variable "precheck_function_zip" {
  type        = string
  default     = null
  description = "Path of the precheck function package (default: precheck-function/target/function.zip of this repository)."
}
