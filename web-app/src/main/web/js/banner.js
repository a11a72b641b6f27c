// The patient banner, fixed at the top while the plan scrolls: name, NHS number, date of birth
// and age, GP practice, and alerts an emergency clinician must not miss (a DNACPR decision).
import { html, nothing } from 'lit';
import { ageOn, conceptText, formatDate, formatName, formatNhsNumber } from './format.js';
import { NHS_NUMBER_SYSTEM } from './launch.js';
import { LightElement } from './ui.js';

const NOT_FOR_RESUSCITATION = '304253006';

/** The resuscitation decision in force: the latest entry of that kind. */
export function resuscitationAlert(endOfLife) {
  const decisions = (endOfLife ?? [])
    .filter((o) => o.code?.coding?.some((c) => c.code === 'resuscitation-decision'))
    .sort((a, b) => String(b.effectiveDateTime).localeCompare(String(a.effectiveDateTime)));
  const latest = decisions[0];
  if (!latest) return undefined;
  const dnacpr = latest.valueCodeableConcept?.coding?.some((c) => c.code === NOT_FOR_RESUSCITATION);
  return {
    dnacpr,
    text: dnacpr ? 'DNACPR: do not attempt CPR' : conceptText(latest.valueCodeableConcept) || 'Resuscitation decision recorded',
    date: latest.effectiveDateTime,
  };
}

class PatientBanner extends LightElement {
  static properties = {
    patient: { attribute: false },
    practice: { attribute: false },
    endOfLife: { attribute: false },
  };

  render() {
    const patient = this.patient;
    if (!patient) return nothing;
    const nhs = patient.identifier?.find((i) => i.system === NHS_NUMBER_SYSTEM)?.value;
    const alert = resuscitationAlert(this.endOfLife);
    return html`<section class="cp-banner" aria-label="Patient details">
      <div class="cp-banner__name" id="banner-name">${formatName(patient.name)}</div>
      <dl class="cp-banner__details">
        <div><dt>NHS number</dt><dd id="banner-nhs">${formatNhsNumber(nhs) || 'Not recorded'}</dd></div>
        <div><dt>Born</dt><dd>${formatDate(patient.birthDate)}${patient.birthDate ? ` (${ageOn(patient.birthDate)} years)` : ''}</dd></div>
        <div><dt>GP practice</dt><dd>${this.practice?.name ?? patient.generalPractitioner?.[0]?.display ?? 'Not recorded'}</dd></div>
        ${patient.deceasedDateTime || patient.deceasedBoolean ? html`<div><dt>Died</dt><dd>${formatDate(patient.deceasedDateTime) || 'Yes'}</dd></div>` : nothing}
      </dl>
      ${alert
        ? html`<p class="cp-banner__alert ${alert.dnacpr ? 'cp-banner__alert--dnacpr' : ''}" id="banner-alert"><strong>${alert.text}</strong> (${formatDate(alert.date)})</p>`
        : nothing}
    </section>`;
  }
}

customElements.define('cp-patient-banner', PatientBanner);
