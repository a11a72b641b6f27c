// My worklist: $worklist for my organisation (or, for a PCN's coordinator, every practice in it):
// overdue, due this week and unclaimed steps by pathway, and referrals waiting. Claim, complete,
// decline or hold a step with a reason — each a plain PUT Task with If-Match, so the pathway
// engine (not this screen) decides what may happen. Filters live in the URL.
import { html, nothing } from 'lit';
import { idOf } from '../fhir.js';
import { codeAsWords, conceptText, formatDate, formatName, taskTag } from '../format.js';
import { OrganisationScreen, apiProblem, errorSummary, focusErrorSummary, loading, routeQuery, setRouteQuery, tag } from '../ui.js';

const KINDS = [
  { part: 'overdueStep', key: 'overdue', label: 'Overdue' },
  { part: 'dueSoonStep', key: 'due-soon', label: 'Due this week' },
  { part: 'unclaimedStep', key: 'unclaimed', label: 'Unclaimed' },
];

/** Reads $worklist's Parameters into pathways with counts and their listed steps. */
export function worklistParts(parameters) {
  const pathways = [];
  let referrals = {};
  let scope = '';
  for (const p of parameters?.parameter ?? []) {
    if (p.name === 'scope') scope = p.valueString;
    if (p.name === 'pathway') {
      const entry = { code: '', counts: {}, steps: [] };
      for (const part of p.part ?? []) {
        if (part.name === 'code') entry.code = part.valueCode;
        else if (part.valueInteger !== undefined) entry.counts[part.name] = part.valueInteger;
        else if (part.resource) {
          const kind = KINDS.find((k) => k.part === part.name);
          entry.steps.push({ kind: kind?.key ?? part.name, task: part.resource });
        }
      }
      pathways.push(entry);
    }
    if (p.name === 'referrals') {
      referrals = Object.fromEntries((p.part ?? []).filter((x) => x.valueInteger !== undefined).map((x) => [x.name, x.valueInteger]));
    }
  }
  return { scope, pathways, referrals };
}

class Worklist extends OrganisationScreen {
  static properties = {
    context: { attribute: false },
    parts: { state: true },
    patients: { state: true },
    problem: { state: true },
    acting: { state: true },
    actionErrors: { state: true },
    message: { state: true },
  };

  static screenTitle = 'My worklist';

  connectedCallback() {
    const query = routeQuery();
    const coordinator = this.context.session.roles.includes('care-coordinator');
    this.filters = {
      scope: query.get('scope') ?? (coordinator ? 'pcn' : 'organisation'),
      pathway: query.get('pathway') ?? '',
      show: query.get('show') ?? '',
    };
    super.connectedCallback();
  }

  async load() {
    const organisation = this.context.organisation;
    const param = this.filters.scope === 'pcn' ? 'pcn' : 'organization';
    try {
      const parameters = await this.context.fhir.read(`$worklist?${param}=Organization/${organisation.id}`);
      this.parts = worklistParts(parameters);
      this.problem = undefined;
      const ids = [...new Set(this.parts.pathways.flatMap((p) => p.steps.map((s) => idOf(s.task.for))))];
      const patients = new Map();
      if (ids.length) {
        const found = await this.context.fhir.search(`Patient?_id=${ids.join(',')}&_count=${ids.length}&_elements=name,birthDate,identifier`, 1);
        found.forEach((p) => patients.set(p.id, p));
      }
      this.patients = patients;
    } catch (error) {
      this.problem = error;
    }
  }

  setFilter(name, value) {
    this.filters = { ...this.filters, [name]: value };
    setRouteQuery('/worklist', this.filters);
    if (name === 'scope') this.load();
    else this.requestUpdate();
  }

  render() {
    return html`
      ${this.message ? html`<div class="nhsuk-inset-text" role="status" id="worklist-message"><p>${this.message}</p></div>` : nothing}
      ${errorSummary(this.actionErrors)} ${apiProblem(this.problem)}
      <h1>My worklist</h1>
      ${this.filtersForm()}
      ${this.parts ? this.lists() : this.problem ? nothing : loading('your worklist')}
    `;
  }

  filtersForm() {
    const pathways = this.parts?.pathways.map((p) => p.code) ?? [];
    const select = (id, label, value, options) => html`<div class="nhsuk-form-group cp-filter">
      <label class="nhsuk-label" for="${id}">${label}</label>
      <select class="nhsuk-select" id="${id}" @change=${(e) => this.setFilter(id, e.target.value)}>
        ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
      </select>
    </div>`;
    return html`<div class="cp-filters">
      ${select('scope', 'Whose work', this.filters.scope, [
        ['organisation', 'My organisation'],
        ['pcn', 'Every practice in my PCN'],
      ])}
      ${select('pathway', 'Pathway', this.filters.pathway, [['', 'All pathways'], ...pathways.map((p) => [p, codeAsWords(p)])])}
      ${select('show', 'Show', this.filters.show, [['', 'Everything'], ...KINDS.map((k) => [k.key, k.label])])}
    </div>`;
  }

  lists() {
    const { pathways, referrals } = this.parts;
    const shown = pathways.filter((p) => !this.filters.pathway || p.code === this.filters.pathway);
    return html`
      <table class="nhsuk-table" id="worklist-counts">
        <caption class="nhsuk-table__caption">Steps by pathway</caption>
        <thead class="nhsuk-table__head"><tr><th scope="col">Pathway</th><th scope="col" class="nhsuk-table__header--numeric">Overdue</th><th scope="col" class="nhsuk-table__header--numeric">Due this week</th><th scope="col" class="nhsuk-table__header--numeric">Unclaimed</th></tr></thead>
        <tbody class="nhsuk-table__body">
          ${shown.map((p) => html`<tr class="nhsuk-table__row"><th scope="row" class="nhsuk-table__cell">${codeAsWords(p.code)}</th>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${p.counts.overdue ?? 0}</td>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${p.counts.dueSoon ?? 0}</td>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${p.counts.unclaimed ?? 0}</td></tr>`)}
        </tbody>
      </table>
      <p class="nhsuk-body">Referrals: ${referrals.awaitingAcceptance ?? 0} awaiting acceptance, ${referrals.breaching ?? 0} breaching, ${referrals.unroutable ?? 0} unroutable. <a href="#/referrals/inbox">Open the referral inbox</a></p>
      ${shown.map((p) => this.pathwaySteps(p))}
    `;
  }

  pathwaySteps(pathway) {
    const steps = pathway.steps.filter((s) => !this.filters.show || s.kind === this.filters.show);
    if (!steps.length) return nothing;
    return html`<h2>${codeAsWords(pathway.code)}</h2>
      <table class="nhsuk-table-responsive cp-worklist">
        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">${codeAsWords(pathway.code)} steps</caption>
        <thead class="nhsuk-table__head"><tr><th scope="col">Patient</th><th scope="col">Step</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Action</th></tr></thead>
        <tbody class="nhsuk-table__body">${steps.map(({ task }) => this.stepRow(task))}</tbody>
      </table>`;
  }

  stepRow(task) {
    const patientId = idOf(task.for);
    const patient = this.patients?.get(patientId);
    const status = taskTag(task);
    const acting = this.acting?.id === task.id ? this.acting : undefined;
    return html`<tr class="nhsuk-table__row" id="step-${task.id}">
      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Patient </span><a href="#/patient/${patientId}">${patient ? formatName(patient.name) : `Patient ${patientId}`}</a></td>
      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Step </span>${task.description ?? conceptText(task.code)}</td>
      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Due </span>${formatDate(task.restriction?.period?.end)}</td>
      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Status </span>${tag(status)}${task.owner ? nothing : html` ${tag({ label: 'Unclaimed', colour: 'orange' })}`}</td>
      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Action </span>${acting ? this.reasonForm(task, acting.action) : this.actions(task)}</td>
    </tr>`;
  }

  actions(task) {
    const label = task.description ?? conceptText(task.code);
    return html`<div class="cp-actions">
      ${task.owner ? nothing : html`<button class="nhsuk-button nhsuk-button--small nhsuk-button--secondary" type="button" @click=${() => this.claim(task)}>Claim<span class="nhsuk-u-visually-hidden"> ${label}</span></button>`}
      <button class="nhsuk-button nhsuk-button--small" type="button" data-action="complete" @click=${() => this.advance(task, 'completed')}>Complete<span class="nhsuk-u-visually-hidden"> ${label}</span></button>
      <button class="nhsuk-button nhsuk-button--small nhsuk-button--secondary" type="button" @click=${() => this.askReason(task, 'rejected')}>Decline<span class="nhsuk-u-visually-hidden"> ${label}</span></button>
      <button class="nhsuk-button nhsuk-button--small nhsuk-button--secondary" type="button" @click=${() => this.askReason(task, 'on-hold')}>Hold<span class="nhsuk-u-visually-hidden"> ${label}</span></button>
    </div>`;
  }

  askReason(task, action) {
    this.acting = { id: task.id, action };
    this.updateComplete.then(() => this.querySelector(`#reason-${task.id}`)?.focus());
  }

  reasonForm(task, action) {
    const verb = action === 'rejected' ? 'Decline' : 'Hold';
    return html`<form novalidate class="cp-reason" @submit=${(e) => this.submitReason(e, task, action)}>
      <label class="nhsuk-label" for="reason-${task.id}">Why? (everyone on the care team sees it)</label>
      <input class="nhsuk-input" id="reason-${task.id}" name="reason" type="text">
      <button class="nhsuk-button nhsuk-button--small" type="submit">${verb}</button>
      <button class="nhsuk-button nhsuk-button--small nhsuk-button--secondary" type="button" @click=${() => (this.acting = undefined)}>Cancel</button>
    </form>`;
  }

  submitReason(event, task, action) {
    event.preventDefault();
    const reason = String(new FormData(event.target).get('reason') ?? '').trim();
    if (!reason) {
      this.actionErrors = [{ field: `reason-${task.id}`, text: 'Enter why, so the care team knows' }];
      focusErrorSummary(this);
      return;
    }
    this.advance(task, action, reason);
  }

  claim(task) {
    this.change(task, { ...task, owner: { reference: `Organization/${this.context.organisation.id}` } }, 'claimed');
  }

  advance(task, status, reason) {
    const next = { ...task, status };
    if (reason) next.statusReason = { text: reason };
    const words = { completed: 'completed', rejected: 'declined', 'on-hold': 'put on hold' }[status];
    this.change(task, next, words);
  }

  async change(task, next, words) {
    this.actionErrors = undefined;
    try {
      await this.context.fhir.update(next, task.meta?.versionId);
      this.acting = undefined;
      this.message = `“${task.description ?? conceptText(task.code)}” ${words}.`;
      await this.load();
      this.updateComplete.then(() => this.querySelector('#worklist-message')?.focus?.());
    } catch (error) {
      this.actionErrors = [{ text: error.message }];
      focusErrorSummary(this);
    }
  }
}

customElements.define('cp-worklist', Worklist);
