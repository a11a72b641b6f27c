// Launching the app with a patient in context: `/launch?nhs=<NHS number>` (standalone, or from
// an EHR that passes `iss` = this server's FHIR base). The NHS number is resolved with the
// signed-in user's own token, so a URL never grants access: a person the user may not see is
// simply not found.
import { isValidNhsNumber } from './format.js';

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

function launchParameters() {
  if (location.pathname === '/launch') return new URLSearchParams(location.search);
  if (location.hash.startsWith('#/launch')) {
    const at = location.hash.indexOf('?');
    return new URLSearchParams(at < 0 ? '' : location.hash.slice(at + 1));
  }
  return undefined;
}

/** The route a launch opens, or undefined when this is not a launch. */
export async function launchRoute(fhir) {
  const params = launchParameters();
  if (!params) return undefined;
  const iss = params.get('iss');
  if (iss && iss.replace(/\/$/, '') !== `${location.origin}/fhir`) {
    return `#/patients?launch-error=${encodeURIComponent('The app was launched for another FHIR server.')}`;
  }
  const nhs = (params.get('nhs') ?? '').replace(/\s/g, '');
  if (!nhs) return '#/';
  if (!isValidNhsNumber(nhs)) return `#/patients?nhs=${encodeURIComponent(nhs)}`;
  const found = await fhir.search(`Patient?identifier=${NHS_NUMBER_SYSTEM}|${nhs}&_elements=id`, 1);
  return found.length === 1 ? `#/patient/${found[0].id}` : `#/patients?nhs=${nhs}`;
}
