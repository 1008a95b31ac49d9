# An example root module: one task, "shop-sync", in an existing VPC.
#
#   cd infra/terraform/examples/complete
#   terraform init
#   terraform apply -var 'subnet_ids=["subnet-0abc","subnet-0def"]' -var 'security_group_ids=["sg-0123"]' \
#     -var node_a_secret_arn=arn:aws:secretsmanager:... -var node_b_secret_arn=arn:aws:secretsmanager:...

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.8.0"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets with a route to both databases and to DynamoDB, SQS and Secrets Manager (NAT or VPC endpoints)."
}

variable "security_group_ids" {
  type = list(string)
}

variable "node_a_secret_arn" {
  type = string
}

variable "node_b_secret_arn" {
  type = string
}

variable "alert_email" {
  type    = string
  default = ""
}

# false for the first apply (queues and tables only), so the task can be stored and started
# before the captures run; then true.
variable "deploy_compute" {
  type    = bool
  default = true
}

module "duplex" {
  source = "../../modules/duplex"

  task_name          = "shop-sync"
  subnet_ids         = var.subnet_ids
  security_group_ids = var.security_group_ids
  node_a_secret_arn  = var.node_a_secret_arn
  node_b_secret_arn  = var.node_b_secret_arn
  alert_email        = var.alert_email
  deploy_compute     = var.deploy_compute
  # The defaults match the SAM template: 60 s apply time-out (360 s visibility), 120 receives
  # before the DLQ (a 12 h retry window), 30 s latency alarm.
}

output "precheck_url" {
  value = module.duplex.precheck_url
}

output "queue_urls" {
  value = {
    a2b = module.duplex.a2b_queue_url
    b2a = module.duplex.b2a_queue_url
  }
}

output "tables" {
  value = {
    tasks       = module.duplex.tasks_table_name
    checkpoints = module.duplex.checkpoints_table_name
    status      = module.duplex.status_table_name
    conflicts   = module.duplex.conflicts_table_name
  }
}
