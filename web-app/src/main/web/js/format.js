// Formatting as NHS services show it: NHS number 3-3-4, dates "1 December 2026", names
// "FAMILY, Given", and the status tags of pathway steps. Pure functions (unit tested with node).

const LONDON = 'Europe/London';

/** "9434765919" → "943 476 5919"; anything else is returned unchanged. */
export function formatNhsNumber(value) {
  const digits = String(value ?? '').replace(/\s/g, '');
  return /^\d{10}$/.test(digits)
    ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`
    : String(value ?? '');
}

/** The NHS number's modulus 11 check digit (NHS Data Dictionary). */
export function isValidNhsNumber(value) {
  const digits = String(value ?? '').replace(/\s/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

function asDate(value) {
  if (value instanceof Date) return value;
  const text = String(value);
  // A FHIR date (no time) is a calendar day: read it at midday UTC so no zone moves it.
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return new Date(`${text}T12:00:00Z`);
  if (/^\d{4}-\d{2}$/.test(text)) return new Date(`${text}-01T12:00:00Z`);
  return new Date(text);
}

/** "2026-12-01" or an instant → "1 December 2026" (UK time). Empty for nothing. */
export function formatDate(value) {
  if (!value) return '';
  const date = asDate(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: LONDON,
  }).format(date);
}

/** An instant → "1 December 2026, 14:05" (UK time). */
export function formatDateTime(value) {
  if (!value) return '';
  const date = asDate(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: LONDON,
  }).format(date);
  return `${formatDate(date)}, ${time}`;
}

/** Whole years between a birth date and a day (both FHIR dates or Dates). */
export function ageOn(birthDate, today = new Date()) {
  if (!birthDate) return undefined;
  const born = asDate(birthDate);
  const on = asDate(today);
  let age = on.getUTCFullYear() - born.getUTCFullYear();
  const beforeBirthday =
    on.getUTCMonth() < born.getUTCMonth() ||
    (on.getUTCMonth() === born.getUTCMonth() && on.getUTCDate() < born.getUTCDate());
  return beforeBirthday ? age - 1 : age;
}

/** A FHIR HumanName list → "ROBERTS, Samuel" (the official or first name). */
export function formatName(names) {
  const list = Array.isArray(names) ? names : [];
  const name = list.find((n) => n.use === 'official') ?? list[0];
  if (!name) return 'Name not recorded';
  if (name.text && !name.family) return name.text;
  const given = (name.given ?? []).join(' ');
  const family = (name.family ?? '').toUpperCase();
  return given ? `${family}, ${given}` : family;
}

/** A person's name for prose: "Samuel Roberts". */
export function formatNameInline(names) {
  const list = Array.isArray(names) ? names : [];
  const name = list.find((n) => n.use === 'official') ?? list[0];
  if (!name) return 'Name not recorded';
  if (name.text) return name.text;
  return [...(name.given ?? []), name.family].filter(Boolean).join(' ');
}

const DAY = 24 * 60 * 60 * 1000;
const OPEN = new Set(['draft', 'requested', 'received', 'accepted', 'ready', 'in-progress', 'on-hold']);

/**
 * How a step or referral Task stands, as the tag a user sees: done, skipped (with the reason),
 * declined, overdue, due soon (within 7 days), waiting (for an earlier step or on hold), open.
 */
export function taskTag(task, now = new Date()) {
  const due = task?.restriction?.period?.end;
  const reason = task?.statusReason?.text ?? task?.statusReason?.coding?.[0]?.display;
  switch (task?.status) {
    case 'completed':
      return { label: 'Done', colour: 'green' };
    case 'cancelled':
      return { label: 'Skipped', colour: 'grey', reason };
    case 'rejected':
      return { label: 'Declined', colour: 'grey', reason };
    case 'failed':
      return { label: 'Not done', colour: 'red', reason };
    case 'entered-in-error':
      return { label: 'Entered in error', colour: 'grey' };
    default:
      break;
  }
  if (!OPEN.has(task?.status)) return { label: task?.status ?? 'Unknown', colour: 'grey' };
  const breaching = task?.businessStatus?.coding?.some((c) => c.code === 'breaching');
  if (breaching || (due && asDate(due).getTime() < now.getTime())) {
    return { label: 'Overdue', colour: 'red' };
  }
  if (task.status === 'on-hold' || task.status === 'draft') {
    return { label: 'Waiting', colour: 'blue', reason };
  }
  if (due && asDate(due).getTime() - now.getTime() <= 7 * DAY) {
    return { label: 'Due soon', colour: 'yellow' };
  }
  return { label: 'Open', colour: 'white' };
}

/** Whole days between an instant and now, for "waiting 3 days". */
export function daysSince(value, now = new Date()) {
  if (!value) return undefined;
  return Math.floor((now.getTime() - asDate(value).getTime()) / DAY);
}

/**
 * The display of the first coding of a CodeableConcept (or its text, or its code — Carepath's own
 * kebab-case codes read as words: "practice-nurse" → "Practice nurse").
 */
export function conceptText(concept) {
  if (!concept) return '';
  if (concept.text) return concept.text;
  const coding = concept.coding?.find((c) => c.display) ?? concept.coding?.[0];
  return coding?.display ?? codeAsWords(coding?.code);
}

export function codeAsWords(code) {
  if (!code) return '';
  if (!/^[a-z]+(-[a-z0-9]+)*$/.test(code)) return code;
  const words = code.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
