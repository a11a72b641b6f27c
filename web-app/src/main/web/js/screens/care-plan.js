// The shared care plan (the MDT view): one screen per person from Patient/[id]/$shared-care-plan —
// what matters to them, goals, problems, the care team across organisations, each pathway with its
// steps, referrals, the frailty result and its deficits, end-of-life preferences and decisions,
// what to do in a crisis, each organisation's section (the user's own editable with If-Match), and
// what changed since the user last looked.
import { html, nothing } from 'lit';
import { idOf } from '../fhir.js';
import { conceptText, formatDate, formatDateTime, taskTag } from '../format.js';
import { LightElement, apiProblem, errorSummary, focusErrorSummary, loading, setTitle, tag } from '../ui.js';
import '../banner.js';

const BASE = 'https://fhir.carepath.org';
const PROFILE = {
  plan: `${BASE}/StructureDefinition/carepath-shared-care-plan`,
  section: `${BASE}/StructureDefinition/carepath-care-plan-section`,
  pathway: `${BASE}/StructureDefinition/carepath-pathway-care-plan`,
  eol: `${BASE}/StructureDefinition/carepath-eol-preference`,
};
const SECTION_CATEGORY = { system: `${BASE}/CodeSystem/care-plan-category`, code: 'care-plan-section' };
const RISK_FACTOR = `${BASE}/StructureDefinition/risk-factor`;
const RISK_SCORE = `${BASE}/StructureDefinition/risk-score`;
const LEAD = 'lead-professional';

const hasProfile = (resource, profile) => resource.meta?.profile?.includes(profile);
const hasCategory = (resource, code) => resource.category?.some((c) => c.coding?.some((x) => x.code === code));

/** Sorts the collection Bundle into the parts the screen shows. */
export function planParts(bundle) {
  const all = (bundle?.entry ?? []).map((e) => e.resource).filter(Boolean);
  const ofType = (type) => all.filter((r) => r.resourceType === type);
  const carePlans = ofType('CarePlan');
  const tasks = ofType('Task');
  const pathways = carePlans
    .filter((p) => hasProfile(p, PROFILE.pathway) || p.instantiatesCanonical?.length)
    .map((plan) => ({
      plan,
      steps: tasks
        .filter((t) => t.basedOn?.some((b) => b.reference === `CarePlan/${plan.id}`))
        .sort((a, b) => String(a.restriction?.period?.end ?? '').localeCompare(String(b.restriction?.period?.end ?? ''))),
    }));
  const referrals = ofType('ServiceRequest').map((request) => ({
    request,
    task: tasks.find((t) => t.focus?.reference === `ServiceRequest/${request.id}`),
  }));
  return {
    plan: carePlans.find((p) => hasProfile(p, PROFILE.plan) || hasCategory(p, 'shared-care-plan')),
    sections: carePlans.filter((p) => hasProfile(p, PROFILE.section) || hasCategory(p, 'care-plan-section')),
    pathways,
    referrals,
    goals: ofType('Goal'),
    problems: ofType('Condition'),
    careTeams: ofType('CareTeam'),
    risks: ofType('RiskAssessment'),
    endOfLife: ofType('Observation').filter((o) => hasProfile(o, PROFILE.eol)),
    provenance: ofType('Provenance'),
  };
}

class CarePlanScreen extends LightElement {
  static properties = {
    context: { attribute: false },
    patientId: { attribute: false },
    patient: { state: true },
    practice: { state: true },
    parts: { state: true },
    names: { state: true },
    problem: { state: true },
    changes: { state: true },
    editing: { state: true },
    editErrors: { state: true },
    conflict: { state: true },
    saved: { state: true },
    addingGoal: { state: true },
    goalErrors: { state: true },
  };

  updated(changed) {
    if (changed.has('patientId') && this.patientId) this.load();
  }

  lastSeenKey() {
    return `carepath.last-seen.${this.context.session.username}.${this.patientId}`;
  }

  async load() {
    const fhir = this.context.fhir;
    this.problem = undefined;
    this.parts = undefined;
    setTitle('Shared care plan');
    try {
      const { matches, included } = await fhir.searchIncluding(
        `Patient?_id=${encodeURIComponent(this.patientId)}&_include=Patient:general-practitioner`,
      );
      if (!matches.length) {
        this.problem = { status: 404, message: 'No record found that you may see.' };
        return;
      }
      this.patient = matches[0];
      this.practice = included.get(this.patient.generalPractitioner?.[0]?.reference);
      const lastSeen = localStorage.getItem(this.lastSeenKey());
      const opened = new Date().toISOString();
      const bundle = await fhir.read(
        `Patient/${encodeURIComponent(this.patientId)}/$shared-care-plan${lastSeen ? `?since=${encodeURIComponent(lastSeen)}` : ''}`,
      );
      this.parts = planParts(bundle);
      this.changes = lastSeen
        ? { since: lastSeen, entries: this.parts.provenance.filter((p) => p.recorded > lastSeen) }
        : undefined;
      localStorage.setItem(this.lastSeenKey(), opened);
      this.names = await this.resolveNames(this.parts);
      setTitle(`Shared care plan - ${this.patient.name?.[0]?.family ?? ''}`);
      await this.updateComplete;
      // The first-screen benchmark reads this mark (ms from the page's navigation start).
      if (!performance.getEntriesByName('carepath:care-plan-shown').length) performance.mark('carepath:care-plan-shown');
    } catch (error) {
      this.problem = error;
    }
  }

  /** Names of the organisations and people the plan refers to, read with the user's token. */
  async resolveNames(parts) {
    const refs = new Set();
    const add = (ref) => ref?.reference && refs.add(ref.reference);
    parts.careTeams.forEach((t) => t.participant?.forEach((p) => [p.member, p.onBehalfOf].forEach(add)));
    parts.sections.forEach((s) => add(s.author));
    parts.pathways.forEach(({ steps }) => steps.forEach((s) => add(s.owner)));
    parts.referrals.forEach(({ request, task }) => [request.requester, task?.owner, task?.requester].forEach(add));
    parts.endOfLife.forEach((o) => o.performer?.forEach(add));
    parts.provenance.forEach((p) => p.agent?.forEach((a) => [a.who, a.onBehalfOf].forEach(add)));
    const names = new Map();
    for (const type of ['Organization', 'Practitioner']) {
      const ids = [...refs].filter((r) => r.startsWith(`${type}/`)).map(idOf);
      if (!ids.length) continue;
      try {
        const found = await this.context.fhir.search(`${type}?_id=${ids.join(',')}&_count=100`, 1);
        found.forEach((r) => names.set(`${type}/${r.id}`, type === 'Organization' ? r.name : nameOf(r)));
      } catch {
        // Shown by reference: a name the user may not read is not needed to act.
      }
    }
    return names;
  }

  nameOf(reference) {
    if (!reference) return '';
    return reference.display ?? this.names?.get(reference.reference) ?? reference.reference ?? '';
  }

  render() {
    if (this.problem) {
      return html`${apiProblem(this.problem)}<p class="nhsuk-body"><a href="#/patients">Find another patient</a></p>`;
    }
    if (!this.patient) return loading('the patient');
    const parts = this.parts;
    return html`
      <cp-patient-banner .patient=${this.patient} .practice=${this.practice} .endOfLife=${parts?.endOfLife ?? []}></cp-patient-banner>
      <h1 id="care-plan-heading" tabindex="-1">Shared care plan</h1>
      ${parts ? this.body(parts) : loading('the shared care plan')}
    `;
  }

  body(parts) {
    return html`
      ${this.changesPanel()}
      ${parts.plan ? nothing : html`<div class="nhsuk-inset-text"><p>No shared care plan has been started for this person yet. Their pathways, referrals and results are shown below.</p></div>`}
      ${this.whatMatters(parts)} ${this.crisis(parts)} ${this.endOfLife(parts)} ${this.careTeam(parts)}
      ${this.pathways(parts)} ${this.referrals(parts)} ${this.frailty(parts)} ${this.problems(parts)}
      ${this.sections(parts)}
    `;
  }

  changesPanel() {
    if (!this.changes) return nothing;
    const entries = this.changes.entries;
    return html`<div class="nhsuk-card cp-changes" id="changes">
      <div class="nhsuk-card__content">
        <h2 class="nhsuk-card__heading">Changed since you last looked</h2>
        <p class="nhsuk-body-s">You last opened this plan on ${formatDateTime(this.changes.since)}.</p>
        ${entries.length
          ? html`<ul class="nhsuk-list nhsuk-list--bullet">
              ${entries.map((p) => {
                const agent = p.agent?.[0];
                return html`<li>${formatDateTime(p.recorded)}: ${describeTarget(p)} ${p.activity?.coding?.[0]?.code === 'CREATE' ? 'added' : 'changed'} by ${this.nameOf(agent?.who)}${agent?.onBehalfOf ? html` (${this.nameOf(agent.onBehalfOf)})` : nothing}</li>`;
              })}
            </ul>`
          : html`<p class="nhsuk-body">Nothing has changed.</p>`}
      </div>
    </div>`;
  }

  whatMatters(parts) {
    const own = parts.goals.filter((g) => ['Patient', 'RelatedPerson'].some((t) => g.expressedBy?.reference?.startsWith(`${t}/`)));
    const clinical = parts.goals.filter((g) => !own.includes(g));
    return html`<h2 id="what-matters">What matters to me</h2>
      ${own.length
        ? html`<ul class="nhsuk-list nhsuk-list--bullet">${own.map((g) => html`<li>“${conceptText(g.description)}”</li>`)}</ul>`
        : html`<p class="nhsuk-body">Not recorded yet: ask the person what matters to them.</p>`}
      ${clinical.length
        ? html`<h3>Goals</h3><ul class="nhsuk-list nhsuk-list--bullet">${clinical.map((g) => html`<li>${conceptText(g.description)} ${g.target?.[0]?.dueDate ? html`(by ${formatDate(g.target[0].dueDate)})` : nothing}</li>`)}</ul>`
        : nothing}
      ${parts.plan ? this.goalForm(parts.plan) : nothing}`;
  }

  goalForm(plan) {
    if (!this.addingGoal) {
      return html`<button class="nhsuk-button nhsuk-button--secondary" type="button" id="add-goal" @click=${() => { this.addingGoal = true; this.goalErrors = undefined; }}>Add what matters to them</button>`;
    }
    return html`<form novalidate id="goal-form" @submit=${(e) => this.addGoal(e, plan)}>
      ${errorSummary(this.goalErrors)}
      <div class="nhsuk-form-group">
        <label class="nhsuk-label nhsuk-label--s" for="goal-words">In their own words</label>
        <div class="nhsuk-hint" id="goal-hint">What the person (or their carer) says matters to them, for example “to stay at home with my cat”.</div>
        <textarea class="nhsuk-textarea" id="goal-words" name="words" rows="3" aria-describedby="goal-hint"></textarea>
      </div>
      <button class="nhsuk-button" type="submit">Add</button>
      <button class="nhsuk-button nhsuk-button--secondary" type="button" @click=${() => (this.addingGoal = false)}>Cancel</button>
    </form>`;
  }

  /** A Goal in the person's words, then the plan pointing to it — with If-Match on the plan. */
  async addGoal(event, plan) {
    event.preventDefault();
    const words = String(new FormData(event.target).get('words') ?? '').trim();
    if (!words) {
      this.goalErrors = [{ field: 'goal-words', text: 'Enter what matters to them, in their words' }];
      focusErrorSummary(this);
      return;
    }
    const fhir = this.context.fhir;
    const patient = { reference: `Patient/${this.patientId}` };
    try {
      const goal = await fhir.create({
        resourceType: 'Goal',
        lifecycleStatus: 'active',
        description: { text: words },
        subject: patient,
        expressedBy: patient,
      });
      const link = (current) =>
        fhir.update({ ...current, goal: [...(current.goal ?? []), { reference: `Goal/${goal.id}` }] }, current.meta?.versionId);
      try {
        await link(plan);
      } catch (error) {
        if (error.status !== 412) throw error;
        // Someone changed the plan meanwhile: adding a goal does not touch their change, so add
        // it to the plan as it now stands (still with If-Match, so nothing of theirs is lost).
        await link(await fhir.read(`CarePlan/${plan.id}`));
      }
      this.addingGoal = false;
      await this.load();
    } catch (error) {
      this.goalErrors = [{ text: error.message }];
      focusErrorSummary(this);
    }
  }

  crisis(parts) {
    const activities = (parts.plan?.activity ?? []).filter((a) => a.detail?.description);
    return html`<h2 id="crisis-plan">What to do in a crisis</h2>
      ${activities.length
        ? html`<div class="nhsuk-warning-callout"><h3 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>Crisis plan</span></h3>
            <ul class="nhsuk-list">${activities.map((a) => html`<li>${a.detail.description}</li>`)}</ul></div>`
        : html`<p class="nhsuk-body">No crisis plan recorded.</p>`}`;
  }

  endOfLife(parts) {
    if (!parts.endOfLife.length) return nothing;
    return html`<h2 id="end-of-life">End-of-life preferences and decisions</h2>
      <dl class="nhsuk-summary-list">
        ${parts.endOfLife.map(
          (o) => html`<div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">${conceptText(o.code)}</dt>
            <dd class="nhsuk-summary-list__value">${conceptText(o.valueCodeableConcept) || o.valueString || ''}
              <br><span class="nhsuk-body-s">${formatDate(o.effectiveDateTime)}${o.performer?.length ? html`, decided by ${o.performer.map((p) => this.nameOf(p)).join(', ')}` : nothing}</span>
              ${(o.component ?? []).map((c) => html`<br><span class="nhsuk-body-s">${conceptText(c.code)}: ${c.valueDateTime ? formatDate(c.valueDateTime) : conceptText(c.valueCodeableConcept) || c.valueString || ''}</span>`)}
            </dd>
          </div>`,
        )}
      </dl>`;
  }

  careTeam(parts) {
    const participants = parts.careTeams.flatMap((team) => team.participant ?? []);
    return html`<h2 id="care-team">Care team</h2>
      ${participants.length
        ? html`<table class="nhsuk-table-responsive">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Care team</caption>
            <thead class="nhsuk-table__head"><tr><th scope="col">Role</th><th scope="col">Who</th><th scope="col">Organisation</th><th scope="col">Contact</th></tr></thead>
            <tbody class="nhsuk-table__body">
              ${participants.map((p) => {
                const lead = p.role?.some((r) => r.coding?.some((c) => c.code === LEAD));
                const role = (p.role ?? []).map(conceptText).filter((r) => r && r !== LEAD).join(', ');
                const person = p.member?.reference?.startsWith('Organization/') ? '' : this.nameOf(p.member);
                const organisation = p.member?.reference?.startsWith('Organization/') ? this.nameOf(p.member) : this.nameOf(p.onBehalfOf);
                return html`<tr class="nhsuk-table__row">
                  <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Role </span>${role} ${lead ? tag({ label: 'Key worker', colour: 'blue' }) : nothing}</td>
                  <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Who </span>${person}</td>
                  <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Organisation </span>${organisation}</td>
                  <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Contact </span>${(p.member?.telecom ?? []).map((t) => t.value).join(', ')}</td>
                </tr>`;
              })}
            </tbody>
          </table>`
        : html`<p class="nhsuk-body">No care team recorded.</p>`}`;
  }

  pathways(parts) {
    return html`<h2 id="pathways">Pathways</h2>
      ${parts.pathways.length
        ? parts.pathways.map(
            ({ plan, steps }) => html`<section class="cp-pathway" aria-labelledby="pathway-${plan.id}">
              <h3 id="pathway-${plan.id}">${plan.title ?? idOf(plan.instantiatesCanonical?.[0])} ${plan.status !== 'active' ? tag({ label: plan.status, colour: 'grey' }) : nothing}</h3>
              <p class="nhsuk-body-s">Since ${formatDate(plan.period?.start)}</p>
              ${this.stepsTable(steps, plan.id)}
            </section>`,
          )
        : html`<p class="nhsuk-body">Not on any pathway.</p>`}`;
  }

  stepsTable(steps, id) {
    if (!steps.length) return html`<p class="nhsuk-body">No open or recent steps.</p>`;
    return html`<table class="nhsuk-table-responsive" id="steps-${id}">
      <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Steps</caption>
      <thead class="nhsuk-table__head"><tr><th scope="col">Step</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">Status</th></tr></thead>
      <tbody class="nhsuk-table__body">
        ${steps.map((step) => {
          const status = taskTag(step);
          return html`<tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Step </span>${step.description ?? conceptText(step.code)}</td>
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Owner </span>${this.nameOf(step.owner) || 'Unclaimed'}</td>
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Due </span>${formatDate(step.restriction?.period?.end)}</td>
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Status </span>${tag(status)}${status.reason ? html`<br><span class="nhsuk-body-s">${status.reason}</span>` : nothing}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  referrals(parts) {
    if (!parts.referrals.length) return nothing;
    return html`<h2 id="referrals">Referrals</h2>
      <table class="nhsuk-table-responsive">
        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Referrals</caption>
        <thead class="nhsuk-table__head"><tr><th scope="col">For</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Sent</th><th scope="col">Status</th></tr></thead>
        <tbody class="nhsuk-table__body">
          ${parts.referrals.map(({ request, task }) => html`<tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">For </span>${conceptText(request.performerType) || conceptText(request.code)}</td>
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">From </span>${this.nameOf(task?.requester ?? request.requester)}</td>
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">To </span>${this.nameOf(task?.owner) || 'Not routed yet'}</td>
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Sent </span>${formatDate(request.authoredOn)}</td>
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Status </span>${task ? referralTag(task) : tag({ label: request.status, colour: 'grey' })}</td>
          </tr>`)}
        </tbody>
      </table>`;
  }

  frailty(parts) {
    if (!parts.risks.length) return nothing;
    return html`<h2 id="risk">Risk results</h2>
      ${parts.risks.map((risk) => {
        const band = conceptText(risk.prediction?.[0]?.qualitativeRisk);
        const score = risk.extension?.find((e) => e.url === RISK_SCORE)?.valueDecimal;
        const factors = (risk.extension ?? []).filter((e) => e.url === RISK_FACTOR);
        return html`<div class="nhsuk-card"><div class="nhsuk-card__content">
          <h3 class="nhsuk-card__heading">${conceptText(risk.method) || conceptText(risk.code)}: ${band}${score !== undefined ? ` (${score})` : ''}</h3>
          <p class="nhsuk-body-s">Assessed ${formatDate(risk.occurrenceDateTime)}</p>
          ${factors.length
            ? html`<details class="nhsuk-details"><summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">${factors.length} contributing ${factors.length === 1 ? 'factor' : 'factors'}</span></summary>
                <div class="nhsuk-details__text"><ul class="nhsuk-list nhsuk-list--bullet">${factors.map((f) => html`<li>${f.valueCodeableConcept ? conceptText(f.valueCodeableConcept) : f.valueString ?? ''}</li>`)}</ul></div></details>`
            : nothing}
          ${risk.note?.length ? html`<p class="nhsuk-body-s">${risk.note.map((n) => n.text).join(' ')}</p>` : nothing}
        </div></div>`;
      })}`;
  }

  problems(parts) {
    return html`<h2 id="problems">Problems</h2>
      ${parts.problems.length
        ? html`<ul class="nhsuk-list nhsuk-list--bullet">${parts.problems.map((c) => html`<li>${conceptText(c.code)}${c.onsetDateTime ? html` (since ${formatDate(c.onsetDateTime)})` : nothing}</li>`)}</ul>`
        : html`<p class="nhsuk-body">None the plan addresses.</p>`}`;
  }

  sections(parts) {
    const mine = this.myOrganisationReference();
    const own = parts.sections.find((s) => s.author?.reference === mine);
    return html`<h2 id="sections">Each organisation's part</h2>
      ${parts.sections.map(
        (section) => html`<section class="nhsuk-card" aria-labelledby="section-${section.id}"><div class="nhsuk-card__content">
          <h3 class="nhsuk-card__heading" id="section-${section.id}">${section.title ?? 'Section'} — ${this.nameOf(section.author)}</h3>
          ${(section.note ?? []).map((n) => html`<p class="nhsuk-body cp-preserve">${n.text}</p>`)}
          ${(section.activity ?? []).filter((a) => a.detail?.description).map((a) => html`<p class="nhsuk-body">${a.detail.description}</p>`)}
          <p class="nhsuk-body-s">Last changed ${formatDateTime(section.meta?.lastUpdated)}</p>
        </div></section>`,
      )}
      ${parts.sections.length ? nothing : html`<p class="nhsuk-body">No organisation has added its part yet.</p>`}
      ${parts.plan && mine ? this.sectionEditor(own, parts.plan) : nothing}`;
  }

  myOrganisationReference() {
    const organisation = this.context.organisation;
    return organisation ? `Organization/${organisation.id}` : undefined;
  }

  sectionEditor(own, plan) {
    if (this.saved) {
      return html`<div class="nhsuk-inset-text" role="status"><p>Your organisation's part was saved.</p></div>
        <button class="nhsuk-button nhsuk-button--secondary" type="button" @click=${() => (this.saved = false)}>Edit again</button>`;
    }
    if (!this.editing) {
      return html`<button class="nhsuk-button nhsuk-button--secondary" type="button" id="edit-section" @click=${() => this.startEditing(own)}>
        ${own ? "Edit your organisation's part" : "Add your organisation's part"}</button>`;
    }
    return html`<form novalidate @submit=${(e) => this.save(e, own, plan)} id="section-form">
      ${errorSummary(this.editErrors, this.conflict ? 'Someone else changed this part' : 'There is a problem')}
      ${this.conflict
        ? html`<div class="nhsuk-warning-callout" id="conflict"><h3 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>Changed by someone else</span></h3>
            <p>This part was changed on ${formatDateTime(this.conflict.meta?.lastUpdated)} while you were editing. Their version says:</p>
            <p class="cp-preserve">${(this.conflict.note ?? []).map((n) => n.text).join('\n')}</p>
            <p>Your text is still in the box. Save again to replace their version with yours, or copy what you need first.</p></div>`
        : nothing}
      <div class="nhsuk-form-group ${this.editErrors?.length && !this.conflict ? 'nhsuk-form-group--error' : ''}">
        <label class="nhsuk-label nhsuk-label--s" for="section-note">Your organisation's part of the plan</label>
        <div class="nhsuk-hint" id="section-note-hint">What your team does for this person, and how to reach you. Everyone caring for them reads it.</div>
        <textarea class="nhsuk-textarea" id="section-note" name="note" rows="5" aria-describedby="section-note-hint" .value=${this.draft ?? ''}></textarea>
      </div>
      <button class="nhsuk-button" type="submit">Save</button>
      <button class="nhsuk-button nhsuk-button--secondary" type="button" @click=${() => { this.editing = false; this.conflict = undefined; this.editErrors = undefined; }}>Cancel</button>
    </form>`;
  }

  startEditing(own) {
    this.draft = (own?.note ?? []).map((n) => n.text).join('\n');
    this.editingVersion = own?.meta?.versionId;
    this.conflict = undefined;
    this.editErrors = undefined;
    this.editing = true;
  }

  async save(event, own, plan) {
    event.preventDefault();
    const text = String(new FormData(event.target).get('note') ?? '').trim();
    this.draft = text;
    if (!text) {
      this.editErrors = [{ field: 'section-note', text: "Enter your organisation's part of the plan" }];
      focusErrorSummary(this);
      return;
    }
    const fhir = this.context.fhir;
    try {
      if (own) {
        const base = this.conflict ?? own;
        const updated = { ...base, note: [{ text }] };
        // After a conflict the user has seen the other version: save over that one, not blindly.
        await fhir.update(updated, this.conflict ? this.conflict.meta.versionId : this.editingVersion);
      } else {
        await fhir.create({
          resourceType: 'CarePlan',
          meta: { profile: [PROFILE.section] },
          status: 'active',
          intent: 'plan',
          category: [{ coding: [SECTION_CATEGORY] }],
          title: `${this.context.organisation.name}`,
          partOf: [{ reference: `CarePlan/${plan.id}` }],
          subject: { reference: `Patient/${this.patientId}` },
          author: { reference: this.myOrganisationReference() },
          note: [{ text }],
        });
      }
      this.editing = false;
      this.conflict = undefined;
      this.editErrors = undefined;
      this.saved = true;
      await this.load();
    } catch (error) {
      if (error.status === 412 && own) {
        this.conflict = await fhir.read(`CarePlan/${own.id}`);
        this.editErrors = [{ text: 'Someone else changed this part since you opened it. Check their version below.' }];
      } else {
        this.editErrors = [{ text: error.message }];
      }
      focusErrorSummary(this);
    }
  }
}

customElements.define('cp-care-plan', CarePlanScreen);

function nameOf(resource) {
  const name = resource.name?.[0];
  if (!name) return resource.id;
  return name.text ?? [...(name.prefix ?? []), ...(name.given ?? []), name.family].filter(Boolean).join(' ');
}

function describeTarget(provenance) {
  const target = provenance.target?.find((t) => !t.reference?.startsWith('Patient/'))?.reference ?? '';
  const type = target.split('/')[0];
  return { CarePlan: 'The plan or a section', Goal: 'A goal', CareTeam: 'The care team', Observation: 'An end-of-life entry' }[type] ?? 'A record';
}

export function referralTag(task) {
  const business = task.businessStatus?.coding?.[0]?.code;
  if (business === 'unroutable') return tag({ label: 'Unroutable', colour: 'red' });
  if (business === 'advice-given') return tag({ label: 'Advice given', colour: 'blue' });
  const awaiting = task.status === 'requested' || task.status === 'received';
  if (awaiting && business === 'breaching') return tag({ label: 'Breaching', colour: 'red' });
  const labels = {
    requested: ['Awaiting acceptance', 'yellow'],
    received: ['Awaiting acceptance', 'yellow'],
    accepted: ['Accepted', 'green'],
    'in-progress': ['In progress', 'green'],
    'on-hold': ['On hold', 'grey'],
    completed: ['Completed', 'green'],
    rejected: ['Rejected', 'grey'],
    cancelled: ['Cancelled', 'grey'],
    failed: ['Not done', 'red'],
  };
  const [label, colour] = labels[task.status] ?? [task.status, 'grey'];
  return tag({ label, colour });
}
