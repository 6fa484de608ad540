variable "domain_name" {
  description = "The custom domain name, e.g. api.example.com (lower case)."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.domain_name))
    error_message = "domain_name must be a lower-case DNS name such as api.example.com."
  }
}

variable "certificate_arn" {
  description = "ACM certificate for the domain: in the API's region for REGIONAL and PRIVATE domains, in us-east-1 for EDGE ones."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)."
  }
}

variable "endpoint_type" {
  description = "REGIONAL (default), EDGE (AWS-managed CloudFront in front) or PRIVATE (reachable only through the interface VPC endpoints in vpc_endpoint_ids; REST APIs only)."
  type        = string
  default     = "REGIONAL"

  validation {
    condition     = contains(["REGIONAL", "EDGE", "PRIVATE"], var.endpoint_type)
    error_message = "endpoint_type must be REGIONAL, EDGE or PRIVATE."
  }
}

variable "mutual_tls" {
  description = "Mutual TLS: the s3:// URI (and optional object version) of a PEM truststore; clients must present a certificate it trusts. Needs a legacy policy (TLS_1_2)."
  type = object({
    truststore_uri     = string
    truststore_version = optional(string)
  })
  default = null

  validation {
    condition     = var.mutual_tls == null || can(regex("^s3://[^/]+/.+", try(var.mutual_tls.truststore_uri, "")))
    error_message = "mutual_tls.truststore_uri must be an s3://BUCKET/KEY URI of the truststore."
  }
}

variable "mappings" {
  description = <<-EOT
    API mappings keyed by base path ("" for the root; "v1" or multi-level "orders/v1" for REST
    APIs): the stage of the API served under it. api_type "REST" (default) makes an
    aws_api_gateway_base_path_mapping, "HTTP" an aws_apigatewayv2_api_mapping (HTTP APIs map to
    REGIONAL domains with the TLS_1_2 policy only). A request matches the longest base path that
    prefixes its path; with routing rules, rules are tried first (routing_mode). Name the stage
    through the API module's stage_names output (module.api.stage_names["prod"]): AWS refuses a
    mapping or rule naming a stage that does not exist yet, and the reference orders them.
  EOT
  type = map(object({
    api_id   = string
    stage    = string
    api_type = optional(string, "REST")
  }))
  default = {}

  validation {
    condition     = alltrue([for path in keys(var.mappings) : can(regex("^([A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*)?$", path))])
    error_message = "mappings: a base path is \"\" (the root) or segments of letters, digits, . _ - separated by / (no leading slash)."
  }

  validation {
    condition     = alltrue([for m in values(var.mappings) : contains(["REST", "HTTP"], m.api_type)])
    error_message = "mappings: api_type must be REST or HTTP (WebSocket APIs take their own regional domains)."
  }

  validation {
    condition     = alltrue([for path, m in var.mappings : m.api_type == "REST" || !strcontains(path, "/")])
    error_message = "mappings: a multi-level base path (with /) maps REST APIs only."
  }
}

variable "routing_rules" {
  description = <<-EOT
    Routing rules keyed by a name of your choice: the first rule by ascending priority (1 to
    1000000, unique) whose conditions all hold sends the request to a stage of a REST API
    (api_id, stage). headers: up to two header => value glob conditions, all of which must
    hold (header names match in any case, values case-sensitively; a glob is a literal with an
    optional * at its start, end or both: "v2*", "*beta", "*cell-1*"). base_paths: the request's
    first path segments must be one of them; strip_base_path removes the matched one before the
    API sees the path. A rule needs at least one condition (the provider requires one; a catch-all
    is a root mapping in ROUTING_RULE_THEN_BASE_PATH_MAPPING mode).
    https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-routing-rules.html
  EOT
  type = map(object({
    priority        = number
    headers         = optional(map(string), {})
    base_paths      = optional(list(string), [])
    api_id          = string
    stage           = string
    strip_base_path = optional(bool, false)
  }))
  default = {}

  # The provider's schema validators (internal/service/apigatewayv2/routing_rule.go): priority Between(1, 1000000);
  # condition IsRequired and SizeAtLeast(1); header LengthAtMost(40), value_glob LengthAtMost(128). AWS: "up to
  # two header conditions and one path condition", "Rules can't have the same priority" (rest-api-routing-rules.html).
  validation {
    condition     = alltrue([for r in values(var.routing_rules) : r.priority >= 1 && r.priority <= 1000000 && floor(r.priority) == r.priority])
    error_message = "routing_rules: priority must be a whole number from 1 to 1000000."
  }

  validation {
    condition     = length(distinct([for r in values(var.routing_rules) : r.priority])) == length(var.routing_rules)
    error_message = "routing_rules: two rules have the same priority; API Gateway evaluates rules in priority order and refuses a tie."
  }

  validation {
    condition     = alltrue([for r in values(var.routing_rules) : length(r.headers) + length(r.base_paths) > 0])
    error_message = "routing_rules: a rule needs at least one condition (headers or base_paths); for a catch-all, map the root (mappings = { \"\" = ... }) and let rules go first (routing_mode ROUTING_RULE_THEN_BASE_PATH_MAPPING)."
  }

  validation {
    condition     = alltrue([for r in values(var.routing_rules) : length(r.headers) <= 2])
    error_message = "routing_rules: a rule takes at most two header conditions."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.routing_rules) : [
        for name, glob in r.headers : can(regex("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$", name)) && can(regex("^\\*?[^*]{1,126}\\*?$", glob)) && length(glob) <= 128
      ]
    ]))
    error_message = "routing_rules: a header name is 1 to 40 token characters, and its value glob up to 128 characters with * only at its start, end or both (\"v2*\", \"*beta\", \"*cell-1*\")."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.routing_rules) : [for p in r.base_paths : can(regex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$", p))]
    ]))
    error_message = "routing_rules: a base path is one or more segments of letters, digits, . _ - separated by / (no leading slash, not empty)."
  }

  validation {
    condition     = alltrue([for r in values(var.routing_rules) : !r.strip_base_path || length(r.base_paths) > 0])
    error_message = "routing_rules: strip_base_path needs base_paths to strip."
  }
}

variable "routing_mode" {
  description = "How requests reach the APIs: BASE_PATH_MAPPING_ONLY, ROUTING_RULE_ONLY or ROUTING_RULE_THEN_BASE_PATH_MAPPING (rules first, then mappings). Null: what the inputs hold (rules only, mappings only, or both in that order)."
  type        = string
  default     = null

  validation {
    condition     = var.routing_mode == null || contains(["BASE_PATH_MAPPING_ONLY", "ROUTING_RULE_ONLY", "ROUTING_RULE_THEN_BASE_PATH_MAPPING"], coalesce(var.routing_mode, "-"))
    error_message = "routing_mode must be BASE_PATH_MAPPING_ONLY, ROUTING_RULE_ONLY or ROUTING_RULE_THEN_BASE_PATH_MAPPING."
  }
}

variable "vpc_endpoint_ids" {
  description = "PRIVATE domains: the interface VPC endpoints (com.amazonaws.REGION.execute-api) that may call the domain; the module writes the domain's policy for them and associates each with the domain."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.vpc_endpoint_ids : can(regex("^vpce-[0-9a-f]{8,17}$", id))])
    error_message = "vpc_endpoint_ids: every entry must be a VPC endpoint ID such as vpce-0123456789abcdef0."
  }
}

variable "route53_zone_id" {
  description = "Public hosted zone in which to create an alias A record (and AAAA when dualstack) for the domain (null: none)."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for the domain and its access associations."
  type        = map(string)
  default     = {}
}
