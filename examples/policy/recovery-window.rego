# A policy for conftest (or OPA) over kmsmig's plan JSON: fail the plan when any DeleteSecret would not keep the
# source secret restorable for at least 7 days. Run it in the pull-request job, next to the plan:
#
#   kmsmig plan -f migrations/hz-to-sh.yaml --format json > plan.json
#   conftest test --policy examples/policy plan.json
#
# (or: opa eval --fail-defined -d examples/policy -i plan.json 'data.main.deny[_]')
#
# It reads each action's payload, the typed part apply executes (schemas/plan.v2.schema.json, $defs/payload, kind
# "delete": windowDays and force), not the display-only params, which are derived from it.
package main

import rego.v1

deny contains msg if {
	some a in input.actions
	a.action == "DeleteSecret"
	not recoverable(a)
	msg := sprintf("%s in %s: DeleteSecret must keep a recovery window of at least 7 days (RecoveryWindowInDays >= 7, no ForceDeleteWithoutRecovery)", [a.secret, a.region])
}

recoverable(a) if {
	a.payload.kind == "delete"
	a.payload.force == false
	a.payload.windowDays >= 7
}
