################################################################################
# Web ACL
################################################################################

variable "name" {
  description = "Name of the web ACL; also the prefix of every CloudWatch metric name and of the default log group (aws-waf-logs-NAME)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,128}$", var.name))
    error_message = "name must be 1 to 128 letters, digits, hyphens or underscores (AWS WAF's rule for web ACL names)."
  }
}

variable "description" {
  description = "Description of the web ACL."
  type        = string
  default     = null

  validation {
    condition     = var.description == null || try(length(var.description) >= 1 && length(var.description) <= 256, false)
    error_message = "description must be 1 to 256 characters long."
  }
}

variable "default_action" {
  description = "What happens to a request no rule terminates: \"allow\" (the usual choice with managed rule groups) or \"block\" (an allow-list ACL: only requests an allow rule matches get through)."
  type        = string
  default     = "allow"

  validation {
    condition     = contains(["allow", "block"], var.default_action)
    error_message = "default_action must be \"allow\" or \"block\"."
  }
}

variable "default_block_response" {
  description = "With default_action = \"block\": the custom response (status code, optional body key of custom_response_bodies, headers) instead of a bare 403."
  type = object({
    response_code = number
    body_key      = optional(string)
    headers       = optional(map(string), {})
  })
  default = null

  validation {
    condition     = var.default_block_response == null || try(var.default_block_response.response_code >= 200 && var.default_block_response.response_code <= 599, false)
    error_message = "default_block_response.response_code must be an HTTP status code between 200 and 599."
  }
}

variable "custom_response_bodies" {
  description = "Bodies of custom block responses, keyed by the body_key that rules' `response` refers to. content_type: APPLICATION_JSON (default; content must then be JSON), TEXT_PLAIN or TEXT_HTML."
  type = map(object({
    content      = string
    content_type = optional(string, "APPLICATION_JSON")
  }))
  default = {}

  validation {
    condition     = alltrue([for key in keys(var.custom_response_bodies) : can(regex("^[A-Za-z0-9_-]{1,128}$", key))])
    error_message = "custom_response_bodies: keys must be 1 to 128 letters, digits, hyphens or underscores."
  }

  validation {
    condition     = alltrue([for b in values(var.custom_response_bodies) : contains(["APPLICATION_JSON", "TEXT_PLAIN", "TEXT_HTML"], b.content_type)])
    error_message = "custom_response_bodies: content_type must be APPLICATION_JSON, TEXT_PLAIN or TEXT_HTML."
  }

  validation {
    condition     = alltrue([for b in values(var.custom_response_bodies) : length(b.content) >= 1 && length(b.content) <= 10240])
    error_message = "custom_response_bodies: content must be 1 to 10240 characters long."
  }

  validation {
    condition     = alltrue([for b in values(var.custom_response_bodies) : b.content_type != "APPLICATION_JSON" || can(jsondecode(b.content))])
    error_message = "custom_response_bodies: an APPLICATION_JSON body must be valid JSON (use TEXT_PLAIN for plain text)."
  }
}

variable "request_body_inspection_limit" {
  description = "How much of a request body WAF inspects for API Gateway (association_config): KB_16 (the included amount), KB_32, KB_48 or KB_64 (larger sizes cost extra). Rules see only this much of a body."
  type        = string
  default     = "KB_16"

  validation {
    condition     = contains(["KB_16", "KB_32", "KB_48", "KB_64"], var.request_body_inspection_limit)
    error_message = "request_body_inspection_limit must be one of KB_16, KB_32, KB_48, KB_64."
  }
}

variable "tags" {
  description = "Tags for every resource that takes them."
  type        = map(string)
  default     = {}
}

################################################################################
# Rules
################################################################################

variable "managed_rule_groups" {
  description = <<-EOT
    AWS managed rule groups keyed by group name (vendor AWS). Each becomes one rule named after the
    group, at its priority (lower runs first; priorities must be unique across all rules).
    version: pin a group version (null: the default version, updated by AWS).
    override_action: "none" (the group's own actions apply) or "count" (only count, to try a group out).
    rule_action_overrides: rule name inside the group => allow, block, count, captcha or challenge,
    e.g. { SizeRestrictions_BODY = "count" } for APIs that accept bodies over 8 KB.
  EOT
  type = map(object({
    priority              = number
    version               = optional(string)
    override_action       = optional(string, "none")
    rule_action_overrides = optional(map(string), {})
  }))
  default = {
    AWSManagedRulesAmazonIpReputationList = { priority = 10 }
    AWSManagedRulesCommonRuleSet          = { priority = 20 }
    AWSManagedRulesKnownBadInputsRuleSet  = { priority = 30 }
    AWSManagedRulesSQLiRuleSet            = { priority = 40 }
  }

  validation {
    condition     = alltrue([for name in keys(var.managed_rule_groups) : can(regex("^AWSManagedRules[A-Za-z0-9]+$", name))])
    error_message = "managed_rule_groups: keys must be AWS managed rule group names such as AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesSQLiRuleSet, AWSManagedRulesAmazonIpReputationList."
  }

  validation {
    condition     = alltrue([for g in values(var.managed_rule_groups) : g.priority >= 0 && floor(g.priority) == g.priority])
    error_message = "managed_rule_groups: priority must be a whole number >= 0."
  }

  validation {
    condition     = alltrue([for g in values(var.managed_rule_groups) : contains(["none", "count"], g.override_action)])
    error_message = "managed_rule_groups: override_action must be \"none\" or \"count\"."
  }

  validation {
    condition = alltrue(flatten([
      for g in values(var.managed_rule_groups) : [for a in values(g.rule_action_overrides) : contains(["allow", "block", "count", "captcha", "challenge"], a)]
    ]))
    error_message = "managed_rule_groups: rule_action_overrides values must be allow, block, count, captcha or challenge."
  }

  validation {
    condition     = alltrue([for g in values(var.managed_rule_groups) : length(g.rule_action_overrides) <= 100])
    error_message = "managed_rule_groups: at most 100 rule_action_overrides per group."
  }

  validation {
    condition     = alltrue([for g in values(var.managed_rule_groups) : g.version == null || can(regex("^Version_[0-9.]+$", g.version))])
    error_message = "managed_rule_groups: version must look like Version_1.2 (null uses the group's default version)."
  }
}

variable "rate_based_rules" {
  description = <<-EOT
    Rate-based rules keyed by rule name. limit: requests allowed per aggregation key within
    evaluation_window_sec (60, 120, 300 or 600 seconds); AWS WAF's minimum limit is 10.
    aggregate_key_type: "IP" (client address), "FORWARDED_IP" (first address in
    forwarded_ip_config.header_name, X-Forwarded-For by default), "CUSTOM_KEYS" (custom_keys, 1-5 of
    ip, forwarded_ip, http_method, header, cookie, query_argument, query_string, uri_path,
    label_namespace; header/cookie/query_argument/label_namespace need name) or "CONSTANT" (all
    requests the scope-down statement matches count together).
    action: block (default), count, captcha or challenge; response customises a block.
    scope_down: count only matching requests; its conditions are ANDed:
      byte_matches  - e.g. { search_string = "/login" } (field uri_path, STARTS_WITH by default),
      ip_sets       - from these IP sets (keys of var.ip_sets or IP set ARNs),
      not_ip_sets   - not from these IP sets (an allow list exempt from the limit),
      country_codes - from these countries.
  EOT
  type = map(object({
    priority              = number
    limit                 = number
    evaluation_window_sec = optional(number, 300)
    aggregate_key_type    = optional(string, "IP")
    forwarded_ip_config = optional(object({
      header_name       = optional(string, "X-Forwarded-For")
      fallback_behavior = optional(string, "NO_MATCH")
    }))
    custom_keys = optional(list(object({
      type                = string
      name                = optional(string)
      text_transformation = optional(string, "NONE")
    })), [])
    action = optional(string, "block")
    response = optional(object({
      response_code = number
      body_key      = optional(string)
      headers       = optional(map(string), {})
    }))
    scope_down = optional(object({
      byte_matches = optional(list(object({
        field                 = optional(string, "uri_path")
        header_name           = optional(string)
        positional_constraint = optional(string, "STARTS_WITH")
        search_string         = string
        text_transformation   = optional(string, "NONE")
      })), [])
      ip_sets       = optional(list(string), [])
      not_ip_sets   = optional(list(string), [])
      country_codes = optional(list(string), [])
    }))
  }))
  default = {}

  validation {
    condition     = alltrue([for key in keys(var.rate_based_rules) : can(regex("^[A-Za-z0-9_-]{1,128}$", key))])
    error_message = "rate_based_rules: keys (rule names) must be 1 to 128 letters, digits, hyphens or underscores."
  }

  validation {
    condition     = alltrue([for r in values(var.rate_based_rules) : r.priority >= 0 && floor(r.priority) == r.priority])
    error_message = "rate_based_rules: priority must be a whole number >= 0."
  }

  validation {
    condition     = alltrue([for r in values(var.rate_based_rules) : r.limit >= 10 && r.limit <= 2000000000 && floor(r.limit) == r.limit])
    error_message = "rate_based_rules: limit must be a whole number between 10 (AWS WAF's minimum) and 2000000000."
  }

  validation {
    condition     = alltrue([for r in values(var.rate_based_rules) : contains([60, 120, 300, 600], r.evaluation_window_sec)])
    error_message = "rate_based_rules: evaluation_window_sec must be 60, 120, 300 or 600."
  }

  validation {
    condition     = alltrue([for r in values(var.rate_based_rules) : contains(["IP", "FORWARDED_IP", "CUSTOM_KEYS", "CONSTANT"], r.aggregate_key_type)])
    error_message = "rate_based_rules: aggregate_key_type must be IP, FORWARDED_IP, CUSTOM_KEYS or CONSTANT."
  }

  validation {
    condition = alltrue([
      for r in values(var.rate_based_rules) :
      r.aggregate_key_type == "CUSTOM_KEYS" ? length(r.custom_keys) >= 1 && length(r.custom_keys) <= 5 : length(r.custom_keys) == 0
    ])
    error_message = "rate_based_rules: aggregate_key_type CUSTOM_KEYS needs 1 to 5 custom_keys, and custom_keys need aggregate_key_type CUSTOM_KEYS."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.rate_based_rules) : [
        for k in r.custom_keys : contains(["ip", "forwarded_ip", "http_method", "header", "cookie", "query_argument", "query_string", "uri_path", "label_namespace"], k.type)
      ]
    ]))
    error_message = "rate_based_rules: custom_keys type must be one of ip, forwarded_ip, http_method, header, cookie, query_argument, query_string, uri_path, label_namespace."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.rate_based_rules) : [
        for k in r.custom_keys : !contains(["header", "cookie", "query_argument", "label_namespace"], k.type) || k.name != null
      ]
    ]))
    error_message = "rate_based_rules: header, cookie, query_argument and label_namespace custom_keys need a name."
  }

  validation {
    condition = alltrue([
      for r in values(var.rate_based_rules) :
      !(contains([for k in r.custom_keys : k.type], "ip") && contains([for k in r.custom_keys : k.type], "forwarded_ip"))
    ])
    error_message = "rate_based_rules: custom_keys cannot hold both ip and forwarded_ip."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.rate_based_rules) : concat(
        [for k in r.custom_keys : contains(["NONE", "LOWERCASE", "URL_DECODE", "HTML_ENTITY_DECODE", "COMPRESS_WHITE_SPACE", "CMD_LINE", "BASE64_DECODE", "NORMALIZE_PATH"], k.text_transformation)],
        [for m in try(r.scope_down.byte_matches, []) : contains(["NONE", "LOWERCASE", "URL_DECODE", "HTML_ENTITY_DECODE", "COMPRESS_WHITE_SPACE", "CMD_LINE", "BASE64_DECODE", "NORMALIZE_PATH"], m.text_transformation)]
      )
    ]))
    error_message = "rate_based_rules: text_transformation must be one of NONE, LOWERCASE, URL_DECODE, HTML_ENTITY_DECODE, COMPRESS_WHITE_SPACE, CMD_LINE, BASE64_DECODE, NORMALIZE_PATH."
  }

  validation {
    condition = alltrue([
      for r in values(var.rate_based_rules) :
      (r.aggregate_key_type == "FORWARDED_IP" || contains([for k in r.custom_keys : k.type], "forwarded_ip")) == (r.forwarded_ip_config != null)
    ])
    error_message = "rate_based_rules: forwarded_ip_config is needed exactly when the rule aggregates on a forwarded IP (aggregate_key_type FORWARDED_IP or a forwarded_ip custom key)."
  }

  validation {
    condition = alltrue([
      for r in values(var.rate_based_rules) :
      r.forwarded_ip_config == null || (contains(["MATCH", "NO_MATCH"], try(r.forwarded_ip_config.fallback_behavior, "")) && can(regex("^[A-Za-z0-9-]{1,255}$", try(r.forwarded_ip_config.header_name, ""))))
    ])
    error_message = "rate_based_rules: forwarded_ip_config needs a header_name (letters, digits, hyphens) and fallback_behavior MATCH or NO_MATCH."
  }

  validation {
    condition     = alltrue([for r in values(var.rate_based_rules) : contains(["block", "count", "captcha", "challenge"], r.action)])
    error_message = "rate_based_rules: action must be block, count, captcha or challenge (a rate-based rule cannot allow)."
  }

  validation {
    condition     = alltrue([for r in values(var.rate_based_rules) : r.response == null || r.action == "block"])
    error_message = "rate_based_rules: response customises a block; set action = \"block\" or remove response."
  }

  validation {
    condition     = alltrue([for r in values(var.rate_based_rules) : r.response == null || try(r.response.response_code >= 200 && r.response.response_code <= 599, false)])
    error_message = "rate_based_rules: response.response_code must be an HTTP status code between 200 and 599 (429 Too Many Requests is the usual one)."
  }

  validation {
    condition     = alltrue([for r in values(var.rate_based_rules) : r.aggregate_key_type != "CONSTANT" || r.scope_down != null])
    error_message = "rate_based_rules: aggregate_key_type CONSTANT counts every request a scope-down statement matches; set scope_down."
  }

  validation {
    condition = alltrue([
      for r in values(var.rate_based_rules) :
      r.scope_down == null || try(length(r.scope_down.byte_matches) + length(r.scope_down.ip_sets) + length(r.scope_down.not_ip_sets) + length(r.scope_down.country_codes) > 0, false)
    ])
    error_message = "rate_based_rules: scope_down needs at least one condition (byte_matches, ip_sets, not_ip_sets or country_codes)."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.rate_based_rules) : [
        for m in try(r.scope_down.byte_matches, []) :
        contains(["uri_path", "query_string", "method", "single_header"], m.field) && (m.field == "single_header") == (m.header_name != null)
      ]
    ]))
    error_message = "rate_based_rules: scope_down.byte_matches field must be uri_path, query_string, method or single_header, and header_name is set exactly for single_header."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.rate_based_rules) : [
        for m in try(r.scope_down.byte_matches, []) :
        contains(["EXACTLY", "STARTS_WITH", "ENDS_WITH", "CONTAINS", "CONTAINS_WORD"], m.positional_constraint) && length(m.search_string) >= 1 && length(m.search_string) <= 200
      ]
    ]))
    error_message = "rate_based_rules: scope_down.byte_matches need a search_string of 1 to 200 characters and positional_constraint EXACTLY, STARTS_WITH, ENDS_WITH, CONTAINS or CONTAINS_WORD."
  }

  validation {
    condition = alltrue(flatten([
      for r in values(var.rate_based_rules) : [for c in try(r.scope_down.country_codes, []) : can(regex("^[A-Z]{2}$", c))]
    ]))
    error_message = "rate_based_rules: scope_down.country_codes must be two-letter ISO 3166 codes in upper case (KR, US)."
  }
}

variable "ip_sets" {
  description = <<-EOT
    IP sets keyed by name; each creates an aws_wafv2_ip_set (one address family per set: put IPv4
    and IPv6 ranges in separate sets). addresses: CIDR ranges such as 203.0.113.0/24 or
    2001:db8::/32 (a single address is /32 or /128).
    action "allow" or "block" (with a priority) also creates a rule matching the set; without an
    action the set only feeds rate_based_rules scope-down statements (e.g. an allow list exempt
    from a rate limit). response customises a block.
  EOT
  type = map(object({
    ip_address_version = optional(string, "IPV4")
    addresses          = list(string)
    description        = optional(string)
    action             = optional(string)
    priority           = optional(number)
    response = optional(object({
      response_code = number
      body_key      = optional(string)
      headers       = optional(map(string), {})
    }))
  }))
  default = {}

  validation {
    condition     = alltrue([for key in keys(var.ip_sets) : can(regex("^[A-Za-z0-9_-]{1,128}$", key))])
    error_message = "ip_sets: keys must be 1 to 128 letters, digits, hyphens or underscores (they name the IP set and its rule)."
  }

  validation {
    condition     = alltrue([for s in values(var.ip_sets) : contains(["IPV4", "IPV6"], s.ip_address_version)])
    error_message = "ip_sets: ip_address_version must be IPV4 or IPV6."
  }

  validation {
    condition = alltrue(flatten([
      for s in values(var.ip_sets) : [
        for a in s.addresses : can(cidrhost(a, 0)) && !endswith(a, "/0")
      ]
    ]))
    error_message = "ip_sets: every address must be a CIDR range such as 203.0.113.0/24, 198.51.100.7/32 or 2001:db8::/32 (a bare address or /0 is refused)."
  }

  validation {
    condition = alltrue(flatten([
      for s in values(var.ip_sets) : [
        for a in s.addresses : s.ip_address_version == "IPV6" ? strcontains(a, ":") : !strcontains(a, ":")
      ]
    ]))
    error_message = "ip_sets: an IPV4 set holds only IPv4 ranges and an IPV6 set only IPv6 ranges; split mixed lists into two sets."
  }

  validation {
    condition     = alltrue([for s in values(var.ip_sets) : length(s.addresses) <= 10000])
    error_message = "ip_sets: an IP set holds at most 10000 addresses."
  }

  validation {
    condition     = alltrue([for s in values(var.ip_sets) : s.action == null || contains(["allow", "block", "count"], coalesce(s.action, "-"))])
    error_message = "ip_sets: action must be allow, block or count (or null for a set used only in scope-down statements)."
  }

  validation {
    condition     = alltrue([for s in values(var.ip_sets) : (s.action == null) == (s.priority == null)])
    error_message = "ip_sets: a set with an action needs a priority, and a priority without an action does nothing; set both or neither."
  }

  validation {
    condition     = alltrue([for s in values(var.ip_sets) : s.priority == null || try(s.priority >= 0 && floor(s.priority) == s.priority, false)])
    error_message = "ip_sets: priority must be a whole number >= 0."
  }

  validation {
    condition     = alltrue([for s in values(var.ip_sets) : s.response == null || (s.action == "block" && try(s.response.response_code >= 200 && s.response.response_code <= 599, false))])
    error_message = "ip_sets: response needs action = \"block\" and a response_code between 200 and 599."
  }
}

variable "geo_rules" {
  description = <<-EOT
    Geographic rules keyed by rule name: country_codes (ISO 3166 alpha-2: KR, US) and action allow,
    block or count. negate = true matches requests NOT from those countries (e.g. block everything
    outside KR). response customises a block.
  EOT
  type = map(object({
    priority      = number
    country_codes = list(string)
    action        = optional(string, "block")
    negate        = optional(bool, false)
    response = optional(object({
      response_code = number
      body_key      = optional(string)
      headers       = optional(map(string), {})
    }))
  }))
  default = {}

  validation {
    condition     = alltrue([for key in keys(var.geo_rules) : can(regex("^[A-Za-z0-9_-]{1,128}$", key))])
    error_message = "geo_rules: keys (rule names) must be 1 to 128 letters, digits, hyphens or underscores."
  }

  validation {
    condition     = alltrue([for g in values(var.geo_rules) : length(g.country_codes) > 0 && alltrue([for c in g.country_codes : can(regex("^[A-Z]{2}$", c))])])
    error_message = "geo_rules: country_codes must list at least one two-letter ISO 3166 code in upper case (KR, US)."
  }

  validation {
    condition     = alltrue([for g in values(var.geo_rules) : contains(["allow", "block", "count"], g.action)])
    error_message = "geo_rules: action must be allow, block or count."
  }

  validation {
    condition     = alltrue([for g in values(var.geo_rules) : g.priority >= 0 && floor(g.priority) == g.priority])
    error_message = "geo_rules: priority must be a whole number >= 0."
  }

  validation {
    condition     = alltrue([for g in values(var.geo_rules) : g.response == null || (g.action == "block" && try(g.response.response_code >= 200 && g.response.response_code <= 599, false))])
    error_message = "geo_rules: response needs action = \"block\" and a response_code between 200 and 599."
  }
}

################################################################################
# Logging and associations
################################################################################

variable "logging" {
  description = <<-EOT
    Logging to CloudWatch Logs, on by default. The module creates the log group (log_group_name,
    default aws-waf-logs-NAME; AWS WAF only delivers to groups whose name starts with
    aws-waf-logs-) with retention_in_days and an optional KMS key, or logs to an existing group
    (destination_arn). The Authorization and Cookie headers are always redacted; add more headers in
    redacted_headers (lower case), or redact the query string. filter keeps or drops records by the
    action taken (ALLOW, BLOCK, COUNT, CAPTCHA, CHALLENGE, EXCLUDED_AS_COUNT) or by label.
  EOT
  type = object({
    enabled             = optional(bool, true)
    log_group_name      = optional(string)
    destination_arn     = optional(string)
    retention_in_days   = optional(number, 365)
    kms_key_arn         = optional(string)
    redacted_headers    = optional(list(string), [])
    redact_query_string = optional(bool, false)
    filter = optional(object({
      default_behavior = string
      filters = list(object({
        behavior    = string
        requirement = optional(string, "MEETS_ANY")
        actions     = optional(list(string), [])
        labels      = optional(list(string), [])
      }))
    }))
  })
  default = {}

  validation {
    condition     = var.logging.log_group_name == null || can(regex("^aws-waf-logs-[A-Za-z0-9_./#-]{1,499}$", coalesce(var.logging.log_group_name, "-")))
    error_message = "logging.log_group_name must start with \"aws-waf-logs-\" (AWS WAF delivers logs only to log groups named so), followed by letters, digits, _ . / # or -."
  }

  validation {
    condition     = var.logging.destination_arn == null || can(regex("^arn:aws[a-zA-Z-]*:logs:[a-z0-9-]+:[0-9]{12}:log-group:aws-waf-logs-[^:]+$", coalesce(var.logging.destination_arn, "-")))
    error_message = "logging.destination_arn must be the ARN of a log group whose name starts with aws-waf-logs- (arn:aws:logs:REGION:ACCOUNT:log-group:aws-waf-logs-NAME, without a trailing :*)."
  }

  validation {
    condition     = var.logging.log_group_name == null || var.logging.destination_arn == null
    error_message = "logging: set log_group_name (the module creates the group) or destination_arn (an existing group), not both."
  }

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.logging.retention_in_days)
    error_message = "logging.retention_in_days must be one of CloudWatch Logs' values: 0 (never expire), 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }

  validation {
    condition     = var.logging.kms_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/", coalesce(var.logging.kms_key_arn, "-")))
    error_message = "logging.kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }

  validation {
    condition     = alltrue([for h in var.logging.redacted_headers : can(regex("^[a-z0-9-]{1,64}$", h))])
    error_message = "logging.redacted_headers must be header names in lower case (x-api-key), as AWS WAF matches them."
  }

  validation {
    condition = var.logging.filter == null || try(
      contains(["KEEP", "DROP"], var.logging.filter.default_behavior) && length(var.logging.filter.filters) > 0 && alltrue([
        for f in var.logging.filter.filters :
        contains(["KEEP", "DROP"], f.behavior) && contains(["MEETS_ANY", "MEETS_ALL"], f.requirement) && length(f.actions) + length(f.labels) > 0
      ]),
    false)
    error_message = "logging.filter needs default_behavior KEEP or DROP and at least one filter, each with behavior KEEP or DROP, requirement MEETS_ANY or MEETS_ALL, and at least one action or label condition."
  }

  validation {
    condition = var.logging.filter == null || try(alltrue(flatten([
      for f in var.logging.filter.filters : [for a in f.actions : contains(["ALLOW", "BLOCK", "COUNT", "CAPTCHA", "CHALLENGE", "EXCLUDED_AS_COUNT"], a)]
    ])), false)
    error_message = "logging.filter: actions must be ALLOW, BLOCK, COUNT, CAPTCHA, CHALLENGE or EXCLUDED_AS_COUNT."
  }
}

variable "associations" {
  description = <<-EOT
    REST API stages to protect, keyed by a name of your choice (keys must be known at plan; the
    ARNs may come from resources created in the same apply): the stage ARN,
    arn:aws:apigateway:REGION::/restapis/API_ID/stages/STAGE (aws_api_gateway_stage.arn).
    AWS WAF cannot protect HTTP APIs or WebSocket APIs (.../apis/API_ID/stages/STAGE): such an ARN
    is refused at plan (when known then; otherwise at the start of apply, before anything is
    associated).
  EOT
  type        = map(string)
  default     = {}
}
