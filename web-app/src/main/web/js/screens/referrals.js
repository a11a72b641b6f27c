// Referrals between organisations: a service's inbox (by priority and waiting time, the accept-by
// clock, breaching) with triage — accept, reject with a reason, or advice and guidance back to the
// referrer — and a practice's sent referrals through to their outcome. Every action is a plain
// FHIR write; the referral lifecycle rules on the server decide what is allowed.
import { html, nothing } from 'lit';
import { idOf } from '../fhir.js';
import { conceptText, daysSince, formatDate, formatDateTime, formatName } from '../format.js';
import { OrganisationScreen, apiProblem, errorSummary, focusErrorSummary, loading, tag } from '../ui.js';
import { referralTag } from './care-plan.js';

const PRIORITY_ORDER = { stat: 0, asap: 1, urgent: 2, routine: 3 };
const INCLUDES = '_include=Task:focus&_include=Task:patient&_include=Task:requester&_include=Task:owner';

/** Pairs each tracking Task with its referral, patient and organisations. */
async function referralRows(fhir, query) {
  const { matches, included } = await fhir.searchIncluding(`Task?code=fulfill&${query}&${INCLUDES}&_count=100`);
  return matches.map((task) => ({
    task,
    request: included.get(task.focus?.reference),
    patient: included.get(task.for?.reference),
    from: included.get(task.requester?.reference),
    to: included.get(task.owner?.reference),
  }));
}

function byUrgencyThenWaiting(a, b) {
  const pa = PRIORITY_ORDER[a.request?.priority] ?? 9;
  const pb = PRIORITY_ORDER[b.request?.priority] ?? 9;
  return pa - pb || String(a.task.authoredOn).localeCompare(String(b.task.authoredOn));
}

// Breaching its accept-by time while still waiting for the service (accepting ends the clock).
const isBreaching = (task) =>
  ['requested', 'received'].includes(task.status) && task.businessStatus?.coding?.some((c) => c.code === 'breaching');

const UNROUTABLE = 'https://fhir.carepath.org/CodeSystem/task-business-status|unroutable';

class ReferralInbox extends OrganisationScreen {
  static properties = {
    context: { attribute: false },
    rows: { state: true },
    unroutable: { state: true },
    services: { state: true },
    problem: { state: true },
    triage: { state: true },
    errors: { state: true },
    message: { state: true },
  };

  static screenTitle = 'Referral inbox';

  async load() {
    const organisation = this.context.organisation;
    try {
      this.rows = (await referralRows(this.context.fhir, `owner=Organization/${organisation.id}&status=requested,received`)).sort(byUrgencyThenWaiting);
      // Referrals no service in the directory takes, among those the user may see: a care
      // coordinator routes them by hand (the API refuses anyone else).
      this.unroutable = (await referralRows(this.context.fhir, `business-status=${UNROUTABLE}&status=requested`)).sort(byUrgencyThenWaiting);
      if (this.unroutable.length && !this.services) {
        this.services = await this.context.fhir.search('HealthcareService?active=true&_elements=name,providedBy&_count=100', 1);
      }
      this.problem = undefined;
    } catch (error) {
      this.problem = error;
    }
  }

  unroutableTable() {
    if (!this.unroutable?.length) return nothing;
    return html`<h2 id="unroutable-heading">Unroutable referrals</h2>
      <p class="nhsuk-body">No service in the directory takes these. Choose the service that should.</p>
      <table class="nhsuk-table-responsive" id="unroutable">
        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Unroutable referrals</caption>
        <thead class="nhsuk-table__head"><tr><th scope="col">Patient</th><th scope="col">Priority</th><th scope="col">Asked for</th><th scope="col">Why not routed</th><th scope="col">Route to</th></tr></thead>
        <tbody class="nhsuk-table__body">
          ${this.unroutable.map(({ task, request, patient }) => html`<tr class="nhsuk-table__row" id="unroutable-${task.id}">
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Patient </span><a href="#/patient/${idOf(task.for)}">${patient ? formatName(patient.name) : idOf(task.for)}</a></td>
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Priority </span>${request?.priority ?? ''}</td>
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Asked for </span>${conceptText(request?.performerType)}</td>
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Why not routed </span>${(task.note ?? []).map((n) => n.text).join(' ') || task.statusReason?.text || ''}</td>
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Route to </span>
              <form novalidate class="cp-route" @submit=${(e) => this.route(e, task)}>
                <label class="nhsuk-label nhsuk-u-visually-hidden" for="route-${task.id}">Service for this referral</label>
                <select class="nhsuk-select" id="route-${task.id}" name="service">
                  ${(this.services ?? []).map((s) => html`<option value=${s.providedBy?.reference ?? ''}>${s.name}</option>`)}
                </select>
                <button class="nhsuk-button nhsuk-button--small" type="submit">Route</button>
              </form></td>
          </tr>`)}
        </tbody>
      </table>`;
  }

  route(event, task) {
    event.preventDefault();
    const owner = String(new FormData(event.target).get('service') ?? '');
    // Only the owner changes: the server starts the accept-by clock and clears "unroutable".
    this.decide(task, { owner: { reference: owner } }, 'routed');
  }

  render() {
    return html`
      ${this.message ? html`<div class="nhsuk-inset-text" role="status"><p id="inbox-message">${this.message}</p></div>` : nothing}
      ${errorSummary(this.errors)} ${apiProblem(this.problem)}
      <h1>Referral inbox</h1>
      <p class="nhsuk-body">Referrals waiting for your service to accept them, most urgent and longest waiting first.</p>
      ${this.rows ? this.table() : this.problem ? nothing : loading('referrals')}
      ${this.unroutableTable()}
    `;
  }

  table() {
    if (!this.rows.length) return html`<p class="nhsuk-body" role="status">No referrals are waiting for your service.</p>`;
    return html`<table class="nhsuk-table-responsive" id="inbox">
      <caption class="nhsuk-table__caption">${this.rows.length} waiting</caption>
      <thead class="nhsuk-table__head"><tr><th scope="col">Patient</th><th scope="col">Priority</th><th scope="col">From</th><th scope="col">Reason</th><th scope="col">Waiting</th><th scope="col">Accept by</th><th scope="col">Triage</th></tr></thead>
      <tbody class="nhsuk-table__body">${this.rows.map((row) => this.row(row))}</tbody>
    </table>`;
  }

  row({ task, request, patient, from }) {
    const waited = daysSince(task.authoredOn);
    return html`<tr class="nhsuk-table__row" id="referral-${task.id}">
      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Patient </span><a href="#/patient/${idOf(task.for)}">${patient ? formatName(patient.name) : idOf(task.for)}</a></td>
      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Priority </span>${request?.priority ?? ''}</td>
      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">From </span>${from?.name ?? task.requester?.reference ?? ''}</td>
      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Reason </span>${(request?.reasonCode ?? []).map(conceptText).join(', ')}${request?.note?.length ? html`<br><span class="nhsuk-body-s">${request.note[0].text}</span>` : nothing}</td>
      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Waiting </span>${waited === 0 ? 'Today' : waited === 1 ? '1 day' : `${waited} days`}</td>
      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Accept by </span>${formatDateTime(task.restriction?.period?.end)} ${isBreaching(task) ? tag({ label: 'Breaching', colour: 'red' }) : nothing}</td>
      <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Triage </span>${this.triage?.id === task.id ? this.triageForm(task, request) : this.triageButtons(task)}</td>
    </tr>`;
  }

  triageButtons(task) {
    return html`<div class="cp-actions">
      <button class="nhsuk-button nhsuk-button--small" type="button" data-action="accept" @click=${() => this.decide(task, { status: 'accepted' }, 'accepted')}>Accept</button>
      <button class="nhsuk-button nhsuk-button--small nhsuk-button--secondary" type="button" @click=${() => this.openTriage(task, 'reject')}>Reject</button>
      <button class="nhsuk-button nhsuk-button--small nhsuk-button--secondary" type="button" @click=${() => this.openTriage(task, 'advice')}>Give advice</button>
    </div>`;
  }

  openTriage(task, kind) {
    this.triage = { id: task.id, kind };
    this.updateComplete.then(() => this.querySelector(`#triage-${task.id}`)?.focus());
  }

  triageForm(task, request) {
    const reject = this.triage.kind === 'reject';
    return html`<form novalidate @submit=${(e) => this.submitTriage(e, task, request)}>
      <label class="nhsuk-label" for="triage-${task.id}">${reject ? 'Why reject it? The referrer sees this.' : 'Your advice to the referrer'}</label>
      <textarea class="nhsuk-textarea" id="triage-${task.id}" name="text" rows="3"></textarea>
      <button class="nhsuk-button nhsuk-button--small" type="submit">${reject ? 'Reject' : 'Send advice'}</button>
      <button class="nhsuk-button nhsuk-button--small nhsuk-button--secondary" type="button" @click=${() => (this.triage = undefined)}>Cancel</button>
    </form>`;
  }

  async submitTriage(event, task, request) {
    event.preventDefault();
    const text = String(new FormData(event.target).get('text') ?? '').trim();
    if (!text) {
      this.errors = [{ field: `triage-${task.id}`, text: this.triage.kind === 'reject' ? 'Enter why you are rejecting the referral' : 'Enter your advice' }];
      focusErrorSummary(this);
      return;
    }
    if (this.triage.kind === 'reject') {
      await this.decide(task, { status: 'rejected', statusReason: { text } }, 'rejected');
      return;
    }
    try {
      await this.context.fhir.create({
        resourceType: 'Communication',
        status: 'completed',
        basedOn: [{ reference: `ServiceRequest/${request.id}` }],
        subject: task.for,
        sent: new Date().toISOString(),
        sender: { reference: `Organization/${this.context.organisation.id}` },
        recipient: task.requester ? [task.requester] : [],
        payload: [{ contentString: text }],
      });
      await this.decide(
        task,
        {
          status: 'completed',
          businessStatus: { coding: [{ system: 'https://fhir.carepath.org/CodeSystem/task-business-status', code: 'advice-given', display: 'Advice given' }] },
        },
        'answered with advice',
      );
    } catch (error) {
      this.errors = [{ text: error.message }];
      focusErrorSummary(this);
    }
  }

  async decide(task, change, words) {
    this.errors = undefined;
    try {
      await this.context.fhir.update({ ...task, ...change }, task.meta?.versionId);
      this.triage = undefined;
      this.message = `Referral ${words}.`;
      await this.load();
    } catch (error) {
      this.errors = [{ text: error.message }];
      focusErrorSummary(this);
    }
  }
}

class SentReferrals extends OrganisationScreen {
  static properties = {
    context: { attribute: false },
    rows: { state: true },
    problem: { state: true },
  };

  static screenTitle = 'Sent referrals';

  async load() {
    const organisation = this.context.organisation;
    try {
      this.rows = (await referralRows(this.context.fhir, `requester=Organization/${organisation.id}&_sort=-authored-on`));
      this.problem = undefined;
    } catch (error) {
      this.problem = error;
    }
  }

  render() {
    return html`${apiProblem(this.problem)}
      <h1>Sent referrals</h1>
      <p class="nhsuk-body">Every referral your organisation sent, through to its outcome. A reply overdue is flagged.</p>
      ${this.rows ? this.table() : this.problem ? nothing : loading('referrals')}`;
  }

  table() {
    if (!this.rows.length) return html`<p class="nhsuk-body" role="status">Your organisation has sent no referrals.</p>`;
    return html`<table class="nhsuk-table-responsive" id="sent">
      <caption class="nhsuk-table__caption">${this.rows.length} referrals</caption>
      <thead class="nhsuk-table__head"><tr><th scope="col">Patient</th><th scope="col">To</th><th scope="col">Sent</th><th scope="col">Status</th><th scope="col">Updated</th></tr></thead>
      <tbody class="nhsuk-table__body">
        ${this.rows.map(({ task, patient, to, request }) => html`<tr class="nhsuk-table__row" id="sent-${task.id}">
          <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Patient </span><a href="#/patient/${idOf(task.for)}">${patient ? formatName(patient.name) : idOf(task.for)}</a></td>
          <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">To </span>${to?.name ?? (conceptText(request?.performerType) || 'Not routed yet')}</td>
          <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Sent </span>${formatDate(task.authoredOn)}</td>
          <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Status </span>${referralTag(task)} ${isBreaching(task) ? tag({ label: 'Reply overdue', colour: 'orange' }) : nothing}${task.statusReason?.text ? html`<br><span class="nhsuk-body-s">${task.statusReason.text}</span>` : nothing}</td>
          <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Updated </span>${formatDateTime(task.lastModified ?? task.meta?.lastUpdated)}</td>
        </tr>`)}
      </tbody>
    </table>`;
  }
}

customElements.define('cp-referral-inbox', ReferralInbox);
customElements.define('cp-sent-referrals', SentReferrals);
