// Find a patient: by NHS number, or by family name and date of birth. The API answers only the
// people the user may see, so an empty answer never says whether someone exists.
import { html, nothing } from 'lit';
import { formatDate, formatName, formatNhsNumber, isValidNhsNumber } from '../format.js';
import { NHS_NUMBER_SYSTEM } from '../launch.js';
import { LightElement, apiProblem, errorSummary, focusErrorSummary, loading, routeQuery, setRouteQuery, setTitle } from '../ui.js';

class FindPatient extends LightElement {
  static properties = {
    context: { attribute: false },
    errors: { state: true },
    results: { state: true },
    problem: { state: true },
    busy: { state: true },
  };

  connectedCallback() {
    super.connectedCallback();
    setTitle('Find a patient');
    const query = routeQuery();
    this.values = {
      nhs: query.get('nhs') ?? '',
      family: query.get('family') ?? '',
      day: query.get('day') ?? '',
      month: query.get('month') ?? '',
      year: query.get('year') ?? '',
    };
    if (query.get('launch-error')) this.problem = { message: query.get('launch-error') };
    else if (this.values.nhs || this.values.family) this.find();
  }

  render() {
    const v = this.values;
    const fieldError = (field) => this.errors?.find((e) => e.field === field);
    return html`
      ${errorSummary(this.errors)} ${apiProblem(this.problem)}
      <h1>Find a patient</h1>
      <p class="nhsuk-body">You will find only the people your organisation cares for.</p>
      <form novalidate @submit=${this.submit}>
        <div class="nhsuk-form-group ${fieldError('nhs') ? 'nhsuk-form-group--error' : ''}">
          <label class="nhsuk-label" for="nhs">NHS number</label>
          <div class="nhsuk-hint" id="nhs-hint">For example, 943 476 5919</div>
          ${fieldError('nhs') ? html`<span class="nhsuk-error-message" id="nhs-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${fieldError('nhs').text}</span>` : nothing}
          <input class="nhsuk-input nhsuk-input--width-10 ${fieldError('nhs') ? 'nhsuk-input--error' : ''}" id="nhs" name="nhs" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" aria-describedby="nhs-hint${fieldError('nhs') ? ' nhs-error' : ''}" .value=${v.nhs}>
        </div>
        <p class="nhsuk-body">Or search by name and date of birth</p>
        <div class="nhsuk-form-group ${fieldError('family') ? 'nhsuk-form-group--error' : ''}">
          <label class="nhsuk-label" for="family">Last name</label>
          ${fieldError('family') ? html`<span class="nhsuk-error-message" id="family-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${fieldError('family').text}</span>` : nothing}
          <input class="nhsuk-input nhsuk-u-width-one-half ${fieldError('family') ? 'nhsuk-input--error' : ''}" id="family" name="family" type="text" autocomplete="off" spellcheck="false" .value=${v.family}>
        </div>
        <div class="nhsuk-form-group ${fieldError('day') ? 'nhsuk-form-group--error' : ''}">
          <fieldset class="nhsuk-fieldset" role="group" aria-describedby="dob-hint">
            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Date of birth</legend>
            <div class="nhsuk-hint" id="dob-hint">For example, 15 3 1984</div>
            ${fieldError('day') ? html`<span class="nhsuk-error-message" id="dob-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${fieldError('day').text}</span>` : nothing}
            <div class="nhsuk-date-input">
              ${[
                ['day', 'Day', 2],
                ['month', 'Month', 2],
                ['year', 'Year', 4],
              ].map(
                ([id, label, width]) => html`<div class="nhsuk-date-input__item">
                  <div class="nhsuk-form-group">
                    <label class="nhsuk-label nhsuk-date-input__label" for="${id}">${label}</label>
                    <input class="nhsuk-input nhsuk-date-input__input nhsuk-input--width-${width} ${fieldError('day') ? 'nhsuk-input--error' : ''}" id="${id}" name="${id}" type="text" inputmode="numeric" .value=${v[id]}>
                  </div>
                </div>`,
              )}
            </div>
          </fieldset>
        </div>
        <button class="nhsuk-button" type="submit" ?disabled=${this.busy}>Search</button>
      </form>
      ${this.busy ? loading('patients') : this.resultsTable()}
    `;
  }

  submit(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    this.values = Object.fromEntries(['nhs', 'family', 'day', 'month', 'year'].map((k) => [k, String(form.get(k) ?? '').trim()]));
    const errors = this.validate();
    this.errors = errors;
    if (errors.length) {
      focusErrorSummary(this);
      return;
    }
    setRouteQuery('/patients', this.values);
    this.find();
  }

  validate() {
    const v = this.values;
    if (v.nhs) {
      return isValidNhsNumber(v.nhs) ? [] : [{ field: 'nhs', text: 'Enter a valid 10-digit NHS number' }];
    }
    const errors = [];
    if (!v.family) errors.push({ field: 'family', text: "Enter the patient's last name, or their NHS number" });
    if (!this.birthDate()) errors.push({ field: 'day', text: 'Enter a real date of birth, for example 15 3 1984' });
    return errors;
  }

  birthDate() {
    const { day, month, year } = this.values;
    if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return undefined;
    const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    const date = new Date(`${iso}T12:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) && date < new Date() ? iso : undefined;
  }

  async find() {
    const v = this.values;
    const query = v.nhs
      ? `identifier=${NHS_NUMBER_SYSTEM}|${v.nhs.replace(/\s/g, '')}`
      : `family=${encodeURIComponent(v.family)}&birthdate=${this.birthDate()}`;
    this.busy = true;
    this.problem = undefined;
    try {
      const { matches, included } = await this.context.fhir.searchIncluding(
        `Patient?${query}&_include=Patient:general-practitioner&_count=20`,
      );
      this.results = matches.map((patient) => ({ patient, practice: included.get(patient.generalPractitioner?.[0]?.reference) }));
    } catch (error) {
      this.problem = error;
      this.results = undefined;
    } finally {
      this.busy = false;
    }
  }

  resultsTable() {
    if (!this.results) return nothing;
    if (!this.results.length) {
      return html`<h2>No patients found</h2><p class="nhsuk-body" role="status">Nobody you may see matches. Check the details, or ask the person's GP practice.</p>`;
    }
    return html`<table class="nhsuk-table-responsive" id="patient-results">
      <caption class="nhsuk-table__caption">${this.results.length === 1 ? '1 patient' : `${this.results.length} patients`} found</caption>
      <thead class="nhsuk-table__head"><tr><th scope="col">Name</th><th scope="col">NHS number</th><th scope="col">Date of birth</th><th scope="col">GP practice</th></tr></thead>
      <tbody class="nhsuk-table__body">
        ${this.results.map(({ patient, practice }) => {
          const nhs = patient.identifier?.find((i) => i.system === NHS_NUMBER_SYSTEM)?.value;
          return html`<tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Name </span><a href="#/patient/${patient.id}">${formatName(patient.name)}</a></td>
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">NHS number </span>${formatNhsNumber(nhs)}</td>
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">Date of birth </span>${formatDate(patient.birthDate)}</td>
            <td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">GP practice </span>${practice?.name ?? patient.generalPractitioner?.[0]?.display ?? ''}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }
}

customElements.define('cp-find-patient', FindPatient);
