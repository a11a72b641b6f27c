// Population (coordinators): stratify the practices of my organisation (a practice, or every
// practice of a PCN) and watch the run's progress; then the band counts, the top-2% cohort and
// the care gaps ($gaps) — what the server computed, shown, never recomputed here.
import { html, nothing } from 'lit';
import { idOf } from '../fhir.js';
import { formatDateTime, formatName } from '../format.js';
import { OrganisationScreen, apiProblem, loading } from '../ui.js';

const LAST_RUN = 'carepath.population.last-run';

function part(parameters, name) {
  return parameters?.parameter?.find((p) => p.name === name) ?? parameters?.part?.find((p) => p.name === name);
}

/** The run summary's figures: patients, per model its bands, the top cohort. */
export function runSummary(parameters) {
  const value = (p) => p && (p.valueInteger ?? p.valueString ?? p.valueDecimal ?? p.valueInstant ?? p.valueDateTime ?? p.valueCode);
  const models = (parameters?.parameter ?? [])
    .filter((p) => ['efi', 'diabetes-control'].includes(p.name))
    .map((p) => ({ model: p.name, bands: (p.part ?? []).filter((b) => b.valueInteger !== undefined).map((b) => ({ band: b.name, count: b.valueInteger })) }));
  const top = part(parameters, 'top-cohort');
  return {
    run: value(part(parameters, 'run')),
    scope: value(part(parameters, 'scope')),
    completed: value(part(parameters, 'completed')),
    patients: value(part(parameters, 'patients')),
    models,
    top: top && { percent: value(part(top, 'percent')), minimumScore: value(part(top, 'minimumScore')), patients: value(part(top, 'patients')) },
  };
}

class Population extends OrganisationScreen {
  static properties = {
    context: { attribute: false },
    progress: { state: true },
    summary: { state: true },
    gaps: { state: true },
    problem: { state: true },
  };

  static screenTitle = 'Population';

  connectedCallback() {
    super.connectedCallback();
    const run = sessionStorage.getItem(LAST_RUN);
    if (run) this.watch(run);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.poll);
  }

  /** The care gaps of my organisation (and the practices under it). */
  async load() {
    const organisation = this.context.organisation;
    try {
      const list = await this.context.fhir.read(`Organization/${organisation.id}/$gaps`);
      const ids = (list.entry ?? []).map((e) => idOf(e.item)).filter(Boolean);
      const patients = new Map();
      if (ids.length) {
        (await this.context.fhir.search(`Patient?_id=${ids.join(',')}&_count=${ids.length}&_elements=name`, 1)).forEach((p) => patients.set(p.id, p));
      }
      this.gaps = (list.entry ?? []).map((e) => ({ entry: e, patient: patients.get(idOf(e.item)) }));
    } catch (error) {
      this.problem = error;
    }
  }

  async start() {
    this.problem = undefined;
    this.summary = undefined;
    try {
      const response = await this.context.fhir.operation(
        `Organization/${this.context.organisation.id}/$stratify`,
        { resourceType: 'Parameters' },
        { Prefer: 'respond-async' },
      );
      const location = response.headers.get('Content-Location') ?? '';
      const run = new URL(location, window.location.origin).searchParams.get('run');
      sessionStorage.setItem(LAST_RUN, run);
      this.watch(run);
    } catch (error) {
      this.problem = error;
    }
  }

  async watch(run) {
    clearTimeout(this.poll);
    try {
      const response = await this.context.fhir.request('GET', `$stratify-status?run=${encodeURIComponent(run)}`);
      if (response.status === 202) {
        this.progress = response.headers.get('X-Progress') ?? 'starting';
        this.poll = setTimeout(() => this.watch(run), 1000);
        return;
      }
      this.progress = undefined;
      const parameters = response.body?.entry?.[0]?.resource;
      this.summary = runSummary(parameters);
    } catch (error) {
      this.progress = undefined;
      if (error.status === 404) sessionStorage.removeItem(LAST_RUN);
      else this.problem = error;
    }
  }

  render() {
    const organisation = this.context.organisation;
    return html`${apiProblem(this.problem)}
      <h1>Population</h1>
      <p class="nhsuk-body">Frailty (eFI) and diabetes control for everyone registered with ${organisation?.name ?? 'your organisation'} and the practices under it.</p>
      <button class="nhsuk-button" type="button" id="start-run" ?disabled=${!organisation || this.progress} @click=${this.start}>Start a stratification run</button>
      ${this.progress ? html`<p class="nhsuk-body" role="status" id="run-progress">Running: ${this.progress}.</p>` : nothing}
      ${this.summary ? this.results() : nothing}
      <h2>Care gaps</h2>
      ${this.gaps ? this.gapsTable() : loading('care gaps')}`;
  }

  results() {
    const s = this.summary;
    return html`<h2 id="run-result">Latest run</h2>
      <p class="nhsuk-body">${s.patients ?? 0} people scored${s.completed ? `, finished ${formatDateTime(s.completed)}` : ''}.</p>
      ${s.models.map((m) => html`<table class="nhsuk-table"><caption class="nhsuk-table__caption">${m.model === 'efi' ? 'Electronic frailty index' : 'Diabetes control'}</caption>
        <thead class="nhsuk-table__head"><tr><th scope="col">Band</th><th scope="col" class="nhsuk-table__header--numeric">People</th></tr></thead>
        <tbody class="nhsuk-table__body">${m.bands.map((b) => html`<tr class="nhsuk-table__row"><th scope="row" class="nhsuk-table__cell">${b.band}</th><td class="nhsuk-table__cell nhsuk-table__cell--numeric">${b.count}</td></tr>`)}</tbody></table>`)}
      ${s.top ? html`<p class="nhsuk-body">The top ${s.top.percent}% by eFI: ${s.top.patients} people with a score of ${s.top.minimumScore} or more.</p>` : nothing}`;
  }

  gapsTable() {
    if (!this.gaps.length) return html`<p class="nhsuk-body">No care gaps found among the people you may see.</p>`;
    return html`<table class="nhsuk-table-responsive" id="gaps"><caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Care gaps</caption>
      <thead class="nhsuk-table__head"><tr><th scope="col">Patient</th><th scope="col">Gap</th></tr></thead>
      <tbody class="nhsuk-table__body">${this.gaps.map(({ entry, patient }) => html`<tr class="nhsuk-table__row">
        <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Patient </span><a href="#/patient/${idOf(entry.item)}">${patient ? formatName(patient.name) : idOf(entry.item)}</a></td>
        <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Gap </span>${entry.flag?.text ?? entry.flag?.coding?.map((c) => c.display ?? c.code).join(', ') ?? ''}</td></tr>`)}</tbody></table>`;
  }
}

customElements.define('cp-population', Population);
