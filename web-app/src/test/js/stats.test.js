import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Z95, Z998, funnelLimits, funnelPosition, percent, wilson } from '../../main/web/js/stats.js';

const close = (actual, expected) => assert.ok(Math.abs(actual - expected) < 0.0005, `${actual} ≉ ${expected}`);

test('Wilson interval of 8/10 at 95% (0.490 to 0.943)', () => {
  const ci = wilson(8, 10);
  close(ci.lower, 0.4902);
  close(ci.upper, 0.9433);
  assert.equal(wilson(0, 0), undefined);
  assert.equal(wilson(0, 5).lower, 0);
});

test('funnel limits narrow as the practice grows', () => {
  const small = funnelLimits(0.5, 25, Z95);
  const large = funnelLimits(0.5, 400, Z95);
  close(small.lower, 0.304);
  close(large.lower, 0.451);
  assert.ok(funnelLimits(0.5, 25, Z998).lower < small.lower);
});

test('a practice beyond the 99.8% limit is flagged as such', () => {
  assert.equal(funnelPosition(50, 100, 0.5), 'within');
  assert.equal(funnelPosition(38, 100, 0.5), 'below-95');
  assert.equal(funnelPosition(30, 100, 0.5), 'below-99.8');
  assert.equal(funnelPosition(70, 100, 0.5), 'above-99.8');
  assert.equal(funnelPosition(0, 0, 0.5), 'no-data');
  assert.equal(percent(0.4567), '45.7%');
});
