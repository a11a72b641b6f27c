import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ageOn,
  conceptText,
  daysSince,
  formatDate,
  formatDateTime,
  formatName,
  formatNameInline,
  formatNhsNumber,
  isValidNhsNumber,
  taskTag,
} from '../../main/web/js/format.js';

test('NHS numbers are shown 3-3-4 and checked by modulus 11', () => {
  assert.equal(formatNhsNumber('9434765919'), '943 476 5919');
  assert.equal(formatNhsNumber('943 476 5919'), '943 476 5919');
  assert.equal(formatNhsNumber('12345'), '12345');
  assert.equal(isValidNhsNumber('943 476 5919'), true);
  assert.equal(isValidNhsNumber('9434765918'), false);
  assert.equal(isValidNhsNumber('94347659'), false);
});

test('dates read "1 December 2026" in UK time, whatever the zone of the instant', () => {
  assert.equal(formatDate('2026-12-01'), '1 December 2026');
  // 23:30 UTC on 30 June is already 1 July in London (BST).
  assert.equal(formatDate('2026-06-30T23:30:00Z'), '1 July 2026');
  assert.equal(formatDateTime('2026-06-30T23:30:00Z'), '1 July 2026, 00:30');
  assert.equal(formatDate(undefined), '');
  assert.equal(formatDate('not a date'), 'not a date');
});

test('age counts whole years, before and after the birthday', () => {
  assert.equal(ageOn('1936-05-23', '2026-05-22'), 89);
  assert.equal(ageOn('1936-05-23', '2026-05-23'), 90);
});

test('names: FAMILY, Given in the banner, natural order in prose', () => {
  const names = [{ family: 'Roberts', given: ['Samuel', 'John'] }];
  assert.equal(formatName(names), 'ROBERTS, Samuel John');
  assert.equal(formatNameInline(names), 'Samuel John Roberts');
  assert.equal(formatName([]), 'Name not recorded');
  assert.equal(formatName([{ use: 'old', family: 'Old' }, { use: 'official', family: 'New' }]), 'NEW');
});

test('step tags: overdue, due soon, waiting, done, skipped with its reason', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  const due = (end, status = 'ready') => ({ status, restriction: { period: { end } } });
  assert.deepEqual(taskTag(due('2026-12-06T23:59:59Z'), now), { label: 'Overdue', colour: 'red' });
  assert.deepEqual(taskTag(due('2026-12-10T23:59:59Z'), now), { label: 'Due soon', colour: 'yellow' });
  assert.deepEqual(taskTag(due('2027-01-30T23:59:59Z'), now), { label: 'Open', colour: 'white' });
  assert.equal(taskTag(due('2027-01-30T23:59:59Z', 'on-hold'), now).label, 'Waiting');
  assert.equal(taskTag({ status: 'completed' }, now).label, 'Done');
  const skipped = taskTag({ status: 'cancelled', statusReason: { text: 'Not applicable' } }, now);
  assert.deepEqual(skipped, { label: 'Skipped', colour: 'grey', reason: 'Not applicable' });
  const breaching = {
    status: 'requested',
    businessStatus: { coding: [{ code: 'breaching' }] },
    restriction: { period: { end: '2027-01-01' } },
  };
  assert.equal(taskTag(breaching, now).label, 'Overdue');
});

test('concept text prefers text, then a display, then the code', () => {
  assert.equal(conceptText({ text: 'COPD' }), 'COPD');
  assert.equal(conceptText({ coding: [{ code: 'x' }, { code: 'y', display: 'Why' }] }), 'Why');
  assert.equal(conceptText({ coding: [{ code: 'x' }] }), 'X');
  assert.equal(conceptText({ coding: [{ code: 'practice-nurse' }] }), 'Practice nurse');
  assert.equal(conceptText({ coding: [{ code: '304253006' }] }), '304253006');
  assert.equal(daysSince('2026-12-04T10:00:00Z', new Date('2026-12-07T10:00:00Z')), 3);
});
