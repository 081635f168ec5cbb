import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { NodeMetrics } from '../src/services/index.ts';

// The example alerting rules of docs/deploy/prometheus-alerts.yml: well formed as Prometheus
// rule groups, and every sealchain metric they query is one a node exports.

interface Rule {
  alert?: unknown;
  expr?: unknown;
  for?: unknown;
  labels?: { severity?: unknown };
  annotations?: { summary?: unknown; description?: unknown };
}

const RULES = new URL('../docs/deploy/prometheus-alerts.yml', import.meta.url);

describe('docs/deploy/prometheus-alerts.yml', () => {
  const document = parse(readFileSync(RULES, 'utf8')) as { groups: { name: string; rules: Rule[] }[] };
  const rules = document.groups.flatMap((group) => group.rules);

  it('is a list of named groups of rules, each with an alert, an expression, a severity and a summary', () => {
    assert.ok(document.groups.length > 0);
    assert.ok(rules.length >= 5);
    for (const rule of rules) {
      assert.match(String(rule.alert), /^Sealchain[A-Za-z]+$/);
      assert.equal(typeof rule.expr, 'string', `${rule.alert}: expr`);
      assert.match(String(rule.labels?.severity), /^(page|ticket)$/, `${rule.alert}: severity`);
      assert.equal(typeof rule.annotations?.summary, 'string', `${rule.alert}: summary`);
      if (rule.for !== undefined) assert.match(String(rule.for), /^\d+[smh]$/, `${rule.alert}: for`);
    }
    assert.equal(new Set(rules.map((rule) => rule.alert)).size, rules.length, 'alert names are unique');
  });

  it('queries only metrics that a node exports', async () => {
    const exported = new Set(
      [...(await new NodeMetrics().registry.metrics()).matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]),
    );
    const queried = rules.flatMap((rule) =>
      [...String(rule.expr).matchAll(/\bsealchain_[a-z_]+/g)].map((m) => m[0]),
    );
    assert.ok(queried.includes('sealchain_finality_lag_seconds'));
    assert.ok(queried.includes('sealchain_witness_up'));
    for (const name of queried) assert.ok(exported.has(name), `${name} is not exported by a node`);
  });
});
